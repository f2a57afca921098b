import Foundation
import Scheduling
import Solver

/// Where the command line writes: results on stdout or a file, progress and errors on stderr.
enum Output {
    static func err(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// One `warning:` line an issue, the first `limit` of them and a count of the rest.
    static func warn(_ issues: [ValidationIssue], limit: Int = 20) {
        for issue in issues.prefix(limit) { err("warning: \(issue)") }
        if issues.count > limit { err("warning: and \(issues.count - limit) more like these") }
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func write(_ data: Data, to path: String?) throws {
        if let path {
            try data.write(to: URL(fileURLWithPath: path))
        } else {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }

    static func progressLine(_ p: SolveProgress) -> String {
        let rate = p.movesPerSecond > 0 ? "  \(p.movesPerSecond) moves/s" : ""
        let who = p.worker < 0 ? "construction" : "worker \(p.worker)"
        return String(format: "%8.3fs  %@  %@%@", p.seconds, p.score.description, who, rate)
    }
}

/// A command-line failure with the message a user can act on; exits with status 2 (bad input) or 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

enum ProblemFile {
    /// Reads and decodes a problem, turning decoding errors and keys nothing reads into "field: reason" messages.
    static func load(_ path: String) throws -> Problem {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure(description: "cannot read \(path)") }
        do {
            let problem = try JSONDecoder().decode(Problem.self, from: data)
            let unknown = try UnknownKeys.find(in: data, decodedAs: problem)
            guard unknown.isEmpty else { throw InvalidProblem(issues: unknown) }
            return problem
        } catch let invalid as InvalidProblem {
            throw invalid
        } catch let error as DecodingError {
            throw InvalidProblem(issues: [ValidationIssue(decodingError: error)])
        } catch {
            throw InvalidProblem(issues: [ValidationIssue(field: "(document)", reason: "is not valid JSON: \(error.localizedDescription)")])
        }
    }
}
