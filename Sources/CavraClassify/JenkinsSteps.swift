import CavraModel
import Foundation

/// Jenkinsfile shell steps: `sh 'cmd'`, `sh "cmd"`, `sh '''...'''`, `sh """..."""` and `sh(script: '...')`.
enum JenkinsSteps {
    private static let step = try! NSRegularExpression(
        pattern: #"\bsh\s*(?:\(\s*(?:script\s*:\s*)?)?('''|"""|'|")"#)

    static func facts(in file: SourceFile) -> [Fact] {
        let text = file.text as NSString
        var facts: [Fact] = []
        for match in step.matches(in: file.text, range: NSRange(location: 0, length: text.length)) {
            let quote = text.substring(with: match.range(at: 1))
            let bodyStart = match.range.location + match.range.length
            let closing = text.range(of: quote, range: NSRange(location: bodyStart, length: text.length - bodyStart))
            guard closing.location != NSNotFound else { continue }
            let body = text.substring(with: NSRange(location: bodyStart, length: closing.location - bodyStart))
            let firstLine = text.substring(to: bodyStart).filter { $0 == "\n" }.count + 1
            facts += file.shellFacts(ShellParser.parse(body, firstLine: firstLine))
        }
        return facts
    }
}
