import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text of an uploaded spreadsheet. Spreadsheet programs in China save CSV as GB18030 (GBK's superset) unless
/// told otherwise, so a file that is not UTF-8 is read as GB18030 before it is refused.
enum CSVText {
    enum Encoding: String, Codable, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
    }

    /// The decoded text and the encoding it was in; nil when the bytes are neither UTF-8 nor GB18030.
    static func decode(_ data: Data) -> (text: String, encoding: Encoding)? {
        if let text = String(data: data, encoding: .utf8) { return (text, .utf8) }
        if let text = gb18030(data) { return (text, .gb18030) }
        return nil
    }

    /// GB18030 through the C library's iconv: every glibc ships the converter, and a table of our own would be
    /// 30,000 entries.
    private static func gb18030(_ data: Data) -> String? {
        #if canImport(Glibc)
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [CChar](repeating: 0, count: data.count)
        data.withUnsafeBytes { bytes in
            for (i, byte) in bytes.enumerated() { input[i] = CChar(bitPattern: byte) }
        }
        // A GB18030 character of 2 or 4 bytes is at most 4 bytes of UTF-8, so twice the input (plus one) always fits.
        var output = [CChar](repeating: 0, count: data.count * 2 + 4)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, outPointer = outBuffer.baseAddress
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(decoding: output.prefix(written).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return nil
        #endif
    }
}
