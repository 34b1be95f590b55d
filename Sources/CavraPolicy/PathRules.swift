import CavraModel

/// The path rules of a policy, indexed by the keys their globs need (see `PathKey`), so a path is tried only
/// against rules that could match it.
struct PathRules {
    /// Strongest first: by rank, then by position in the id-sorted rules, so the first match is the winner.
    private let matchers: [PathMatcher]
    /// Positions in `matchers`, ascending, of the rules one of whose globs needs the key (keys ignore letter case).
    private let byKey: [PathKey: [Int]]
    /// Positions, ascending, of the rules with a glob that needs no key; they are tried on every path.
    private let unkeyed: [Int]

    init(_ rules: [PolicyRule]) {
        matchers = rules.enumerated().compactMap { index, rule in PathMatcher(rule, index: index) }
            .sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.index < $1.index }
        var byKey: [PathKey: [Int]] = [:]
        var unkeyed: [Int] = []
        for (position, matcher) in matchers.enumerated() {
            guard matcher.include.allSatisfy({ $0.key != nil }) else {
                unkeyed.append(position)
                continue
            }
            for key in matcher.include.compactMap(\.key) where byKey[key]?.last != position {
                byKey[key, default: []].append(position)
            }
        }
        self.byKey = byKey
        self.unkeyed = unkeyed
    }

    /// The index in the policy's rules of the strongest rule matching the change, or nil.
    func strongest(for change: Change) -> Int? {
        let paths = change.judgedPaths.map(PathComponents.init)
        let kinds = PathMatcher.kinds(of: change)
        var best = matchers.count
        // Each list is in strength order: its first match is its best, and none after `best` can win.
        func tryEach(_ positions: [Int]) {
            for position in positions {
                guard position < best else { return }
                if matchers[position].matches(kinds: kinds, paths: paths) {
                    best = position
                    return
                }
            }
        }
        tryEach(unkeyed)
        for path in paths {
            path.forEachKey { key in
                if let positions = byKey[key] { tryEach(positions) }
            }
        }
        return best < matchers.count ? matchers[best].index : nil
    }
}

/// A path rule reduced to what matching needs. `rank` orders by decision, then severity.
private struct PathMatcher {
    let include: [Glob]
    let exclude: [Glob]
    let changes: UInt8
    let rank: Int
    let index: Int

    init?(_ rule: PolicyRule, index: Int) {
        guard case .paths(let include, let exclude, let changes) = rule.match else { return nil }
        self.include = include
        self.exclude = exclude
        self.changes = changes.map { Self.mask($0) } ?? .max
        rank = rule.decision.strength * 8 + rule.severity.rank
        self.index = index
    }

    static func mask(_ words: some Sequence<String>) -> UInt8 {
        words.reduce(0) { mask, word in mask | (1 << UInt8(PolicyRule.changeWords.firstIndex(of: word) ?? 7)) }
    }

    static func kinds(of change: Change) -> UInt8 {
        var words = [change.status.policyWord]
        if change.changesMode { words.append("mode") }
        if change.linksOutsideRepository == true { words.append("symlink-outside") }
        return mask(words)
    }

    func matches(kinds: UInt8, paths: [PathComponents]) -> Bool {
        guard changes & kinds != 0 else { return false }
        for path in paths where include.contains(where: { $0.matches(path) }) {
            if !exclude.contains(where: { $0.matches(path) }) { return true }
        }
        return false
    }
}
