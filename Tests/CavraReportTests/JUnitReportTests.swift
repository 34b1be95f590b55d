import CavraModel
import Foundation
import FoundationXML
import Testing

@testable import CavraReport

/// Collects test cases and their outcomes from a JUnit document with a real XML parser.
final class JUnitReader: NSObject, XMLParserDelegate {
    var suiteAttributes: [String: String] = [:]
    var cases: [(attributes: [String: String], outcome: String?)] = []
    var texts: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "testsuite": suiteAttributes = attributes
        case "testcase": cases.append((attributes, nil))
        case "failure", "error": cases[cases.count - 1].outcome = element
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }

    static func read(_ text: String) throws -> JUnitReader {
        let reader = JUnitReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        try #require(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        return reader
    }
}

@Suite struct JUnitReportTests {
    @Test func failsDeniedAndPendingFindingsAndPassesTheRest() throws {
        let reader = try JUnitReader.read(try JUnitReport().render(ReportFixtures.mixed))
        #expect(reader.suiteAttributes["tests"] == "4")
        #expect(reader.suiteAttributes["failures"] == "3")
        let outcomes = Dictionary(
            uniqueKeysWithValues: reader.cases.map { ($0.attributes["classname"] ?? "", $0.outcome) })
        #expect(outcomes["secrets.dotenv"] == .some("failure"))
        #expect(outcomes["commands.curl-pipe-shell"] == .some("failure"))
        #expect(outcomes["paths.docs"] == .some(nil))
    }

    @Test func escapesMarkupAndControlCharactersIntoWellFormedXML() throws {
        let hostile = Finding(
            fingerprint: "fp-x", ruleID: "paths.<x>&\"y\"", decision: .deny, severity: .high, kind: .path,
            path: "a<b>&c'd\u{1}.txt", reason: "Reason with ]]> and </failure> and \u{0} inside.")
        let reader = try JUnitReader.read(try JUnitReport().render(ReportFixtures.result([hostile])))
        let testCase = try #require(reader.cases.first)
        #expect(testCase.attributes["classname"] == "paths.<x>&\"y\"")
        #expect(testCase.attributes["name"] == #""a<b>&c'd\001.txt""#)
        #expect(reader.texts.joined().contains("</failure>"))
    }

    @Test func reportsGateErrorsAsErroredCases() throws {
        let reader = try JUnitReader.read(
            try JUnitReport().render(ReportFixtures.result([], errors: [.init(message: "Missing commit.")])))
        #expect(reader.suiteAttributes["errors"] == "1")
        #expect(reader.cases.first?.outcome == "error")
    }

    @Test func showsThatTheGateRanWhenNothingWasFound() throws {
        let reader = try JUnitReader.read(try JUnitReport().render(ReportFixtures.result([])))
        #expect(reader.cases.count == 1)
        #expect(reader.cases.first?.outcome == nil)
    }
}
