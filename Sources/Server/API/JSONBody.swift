import Foundation
import Hummingbird
import Scheduling

/// Reads request bodies with a size limit and turns decoding failures into errors that name the field.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let data = try await bytes(of: request, limit: limit)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let unfit = UnfitNumber.locate(type, in: data) {
                throw APIError.badRequest(field: unfit.field, "expected a whole number in range, got \(unfit.value)")
            }
            let issue = ValidationIssue(decodingError: error)
            throw APIError.badRequest(field: issue.field.isEmpty ? nil : issue.field, issue.reason)
        }
    }

    static func bytes(of request: Request, limit: Int) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is larger than \(limit) bytes")
        }
    }

    /// The one JSON shape the server speaks, over HTTP and the socket: sorted keys, ISO 8601 dates.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
