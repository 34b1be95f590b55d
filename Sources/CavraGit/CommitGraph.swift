/// Walks history the way git's merge-base code does (newest commit first, painting which side reaches each
/// commit), treating the commits listed in a shallow clone's boundary as having no parents.
///
/// libgit2 1.5 cannot walk a shallow repository at all (its revwalk and `git_merge_base` fail on the first
/// missing parent), so this walk is used for every repository: one code path, whether shallow or not.
/// Where the walk would have to go past the boundary to decide, it stops with an error naming the missing
/// commit instead of deciding from partial history.
struct CommitGraph {
    let repository: GitRepository
    private var nodes: [String: Node] = [:]

    init(repository: GitRepository) {
        self.repository = repository
    }

    /// How many commits the walks so far have read: their cost, which must follow the commits that matter.
    var loadedCommitCount: Int { nodes.count }

    struct Node {
        var time: Int64
        var parents: [String]
        /// The recorded parents a shallow clone did not fetch.
        var missingParents: [String]
    }

    struct Marks: OptionSet, Hashable {
        let rawValue: UInt8
        static let fromOne = Marks(rawValue: 1)
        static let fromOthers = Marks(rawValue: 2)
        static let stale = Marks(rawValue: 4)
        static let bothSides: Marks = [.fromOne, .fromOthers]
    }

    /// When a queued commit stops keeping the walk going.
    enum Goal {
        /// Once both sides reach it: what merge bases and ancestry need.
        case common
        /// Once any excluded commit reaches it: what "commits reachable from one and from none of the others"
        /// needs, as git's rev-list stops when only uninteresting commits are queued. Excluded history that never
        /// meets the other side (an unrelated branch) then costs nothing beyond its tips.
        case excluded

        var settlingMarks: Marks { self == .common ? [.stale] : [.stale, .fromOthers] }
    }

    /// What a paint walk learned: which side reaches which commit, and the common commits in the order found.
    struct Painting {
        var marks: [String: Marks]
        var common: [String]
    }

    mutating func node(_ id: String, neededAs role: String) throws(GitError) -> Node {
        if let node = nodes[id] { return node }
        let commit = try repository.commit(id: id, neededAs: role)
        let recorded = commit.recordedParentIDs
        let isBoundary = repository.shallowBoundary.contains(id)
        let node = Node(
            time: commit.time, parents: isBoundary ? [] : recorded, missingParents: isBoundary ? recorded : [])
        nodes[id] = node
        return node
    }

    /// Paints the history below `one` and `others` until every commit still queued is reachable from both.
    ///
    /// As in git, commits are visited newest first. Unlike git's merge-base walk, marks reaching a commit that
    /// was already visited spread at once through the history already explored below it, as git's rev-list does
    /// for uninteresting commits: with equal commit times (scripted or rebased history) a one-sided wave could
    /// otherwise run ahead to the root, or into a shallow boundary, and leave common commits looking one-sided.
    /// - Parameter purpose: completes "needed to …" in the error when the walk reaches a shallow boundary.
    mutating func paint(one: String, others: [String], until goal: Goal = .common, purpose: String) throws(GitError)
        -> Painting
    {
        var walk = PaintWalk(settlingMarks: goal.settlingMarks)
        try walk.start(one, marks: .fromOne, graph: &self, purpose: purpose)
        for other in others { try walk.start(other, marks: .fromOthers, graph: &self, purpose: purpose) }
        while walk.queue.hasFreshEntries, let id = walk.queue.pop() {
            try walk.visit(id, graph: &self, purpose: purpose)
        }
        // A visited boundary commit that is not known to be common had parents the answer depends on.
        for id in walk.visited where repository.shallowBoundary.contains(id) {
            let marks = walk.marks[id, default: []]
            if !marks.isDisjoint(with: goal.settlingMarks) || marks.isSuperset(of: .bothSides) { continue }
            let missing = nodes[id]?.missingParents.first ?? id
            throw .shallow(missing: missing, neededAs: "parent of \(id), needed to \(purpose)")
        }
        return Painting(marks: walk.marks, common: walk.common)
    }

    /// The merge bases of two commits, best first, in the order `git merge-base --all` prints them; the first
    /// is the one `git merge-base` picks.
    mutating func mergeBases(_ one: String, _ two: String) throws(GitError) -> [String] {
        let purpose = "find the merge base"
        let painting = try paint(one: one, others: [two], purpose: purpose)
        var candidates = newestFirst(painting.common.filter { !painting.marks[$0, default: []].contains(.stale) })
        if candidates.count > 1 {
            candidates = newestFirst(try withoutRedundant(candidates, purpose: purpose))
        }
        return candidates
    }

    /// The commits reachable from `head` but not from `base` (`git rev-list base..head`), parents before children.
    mutating func commits(from base: String, to head: String) throws(GitError) -> [String] {
        try commits(reachableFrom: head, excluding: [base], purpose: "list the commits of the range")
    }

    /// The commits reachable from `head` and from none of `excluded`, parents before children. The paint walk
    /// stops where the histories meet, so the cost follows the number of new commits.
    mutating func commits(reachableFrom head: String, excluding excluded: [String], purpose: String)
        throws(GitError) -> [String]
    {
        let painting = try paint(one: head, others: excluded, until: .excluded, purpose: purpose)
        let onlyHead = Set(painting.marks.filter { $0.value.intersection([.fromOthers, .stale]).isEmpty }.keys)
        return try parentsFirst(onlyHead, from: head, purpose: purpose)
    }

    private mutating func withoutRedundant(_ candidates: [String], purpose: String) throws(GitError) -> [String] {
        var redundant: Set<String> = []
        for candidate in candidates where !redundant.contains(candidate) {
            let others = candidates.filter { $0 != candidate && !redundant.contains($0) }
            let painting = try paint(one: candidate, others: others, purpose: purpose)
            if painting.marks[candidate, default: []].contains(.fromOthers) { redundant.insert(candidate) }
            for other in others where painting.marks[other, default: []].contains(.fromOne) { redundant.insert(other) }
        }
        return candidates.filter { !redundant.contains($0) }
    }

    /// Sorts newest first by commit time, keeping the order found among equal times, as git's date-ordered
    /// lists do.
    private func newestFirst(_ ids: [String]) -> [String] {
        ids.enumerated().sorted { lhs, rhs in
            let (left, right) = (nodes[lhs.element]!.time, nodes[rhs.element]!.time)
            return left != right ? left > right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Depth-first from `head`, emitting a commit after its parents (first parent first) within `set`.
    private mutating func parentsFirst(_ set: Set<String>, from head: String, purpose: String) throws(GitError)
        -> [String]
    {
        var ordered: [String] = []
        var done: Set<String> = []
        var stack: [(id: String, expanded: Bool)] = set.contains(head) ? [(head, false)] : []
        while let (id, expanded) = stack.popLast() {
            if done.contains(id) { continue }
            if expanded {
                done.insert(id)
                ordered.append(id)
                continue
            }
            stack.append((id, true))
            let parents = try node(id, neededAs: "a commit needed to \(purpose)").parents
            for parent in parents.reversed() where set.contains(parent) && !done.contains(parent) {
                stack.append((parent, false))
            }
        }
        return ordered
    }
}

/// The state of one paint walk.
private struct PaintWalk {
    /// A queued commit holding any of these no longer keeps the walk going.
    let settlingMarks: CommitGraph.Marks
    var marks: [String: CommitGraph.Marks] = [:]
    var queue = NewestFirstQueue()
    var visited: Set<String> = []
    var common: [String] = []

    mutating func start(
        _ id: String, marks start: CommitGraph.Marks, graph: inout CommitGraph, purpose: String
    ) throws(GitError) {
        marks[id, default: []].formUnion(start)
        if !start.isDisjoint(with: settlingMarks) { queue.markStale(id) }
        queue.push(id, time: try graph.node(id, neededAs: purpose).time)
    }

    /// Takes a commit off the queue and passes its marks to its parents.
    mutating func visit(_ id: String, graph: inout CommitGraph, purpose: String) throws(GitError) {
        visited.insert(id)
        try spread(from: id, graph: &graph, purpose: purpose)
    }

    /// Passes a visited commit's marks down: unseen parents join the queue, parents seen before take the new
    /// marks and pass them on through everything already visited below them.
    private mutating func spread(from start: String, graph: inout CommitGraph, purpose: String) throws(GitError) {
        // First in, first out, parents in order: among equal commit times this finds common commits in the order
        // git's queue pops them, which decides the merge base git picks.
        var pending = [start]
        var next = 0
        while next < pending.count {
            let id = pending[next]
            next += 1
            var down = marks[id, default: []].intersection([.fromOne, .fromOthers, .stale])
            if down == .bothSides {
                if !common.contains(id) { common.append(id) }
                down.insert(.stale)
            }
            for parent in try graph.node(id, neededAs: purpose).parents {
                let role = "parent of \(id), needed to \(purpose)"
                guard let had = marks[parent] else {
                    marks[parent] = down
                    if !down.isDisjoint(with: settlingMarks) { queue.markStale(parent) }
                    queue.push(parent, time: try graph.node(parent, neededAs: role).time)
                    continue
                }
                if had.isSuperset(of: down) { continue }
                marks[parent] = had.union(down)
                if !down.isDisjoint(with: settlingMarks) { queue.markStale(parent) }
                if visited.contains(parent) { pending.append(parent) }
            }
        }
    }
}

/// A max-heap on commit time with first-in-first-out order among equal times. It also counts the queued entries
/// whose commit is not yet stale, so the walk knows when to stop without scanning the queue.
struct NewestFirstQueue {
    private var heap: [(time: Int64, order: Int, id: String)] = []
    private var counter = 0
    private var queued: [String: Int] = [:]
    private var stale: Set<String> = []
    private var fresh = 0

    var hasFreshEntries: Bool { fresh > 0 }

    mutating func push(_ id: String, time: Int64) {
        heap.append((time, counter, id))
        counter += 1
        queued[id, default: 0] += 1
        if !stale.contains(id) { fresh += 1 }
        siftUp(heap.count - 1)
    }

    /// The commit is reachable from both sides: its queued entries no longer keep the walk going.
    mutating func markStale(_ id: String) {
        guard stale.insert(id).inserted else { return }
        fresh -= queued[id] ?? 0
    }

    mutating func pop() -> String? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        queued[top.id, default: 1] -= 1
        if !stale.contains(top.id) { fresh -= 1 }
        return top.id
    }

    private func above(_ lhs: Int, _ rhs: Int) -> Bool {
        heap[lhs].time != heap[rhs].time ? heap[lhs].time > heap[rhs].time : heap[lhs].order < heap[rhs].order
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard above(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < heap.count, above(left, best) { best = left }
            if right < heap.count, above(right, best) { best = right }
            if best == parent { return }
            heap.swapAt(parent, best)
            parent = best
        }
    }
}
