import Foundation
import ZIPFoundation

/// A ZIP archive read for untrusted input: every offset and size from its headers is checked
/// against the bytes there are before it is used, inflated output is counted against a limit as it
/// comes, and each entry's checksum is verified.
///
/// ZIPFoundation's `Archive` is kept for writing, where the input is our own: reading a damaged
/// archive through its in-memory file can trap (a seek past the end), so only its raw inflate is
/// used here, fed in a way that keeps it within the compressed bytes and always moving.
struct XlsxZip {
    struct Entry {
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    private let bytes: [UInt8]
    /// By path; the first of entries with the same name wins.
    private(set) var entries: [String: Entry] = [:]

    /// Throws `.notXlsx` unless `data` ends with a well-formed central directory.
    init(_ data: Data) throws(XlsxError) {
        bytes = [UInt8](data)
        guard let end = Self.lastSignature(0x0605_4B50, in: bytes) else { throw .notXlsx }
        var count = UInt64(u16(end + 10) ?? 0)
        var size = UInt64(u32(end + 12) ?? 0)
        var offset = UInt64(u32(end + 16) ?? 0)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: the locator just before the end record gives the ZIP64 end record.
            guard end >= 20, u32(end - 20) == 0x0706_4B50, let recordOffset = u64(end - 12),
                  let record = Int(exactly: recordOffset), u32(record) == 0x0606_4B50,
                  let count64 = u64(record + 32), let size64 = u64(record + 40), let offset64 = u64(record + 48)
            else { throw .notXlsx }
            (count, size, offset) = (count64, size64, offset64)
        }
        guard let start = Int(exactly: offset), let length = Int(exactly: size),
              start <= bytes.count, length <= bytes.count - start else { throw .notXlsx }
        var position = start
        for _ in 0..<min(count, UInt64(length / 46 + 1)) {
            guard u32(position) == 0x0201_4B50, let flags = u16(position + 8), let method = u16(position + 10),
                  let crc = u32(position + 16), let compressed = u32(position + 20), let uncompressed = u32(position + 24),
                  let nameLength = u16(position + 28), let extraLength = u16(position + 30),
                  let commentLength = u16(position + 32), let localOffset = u32(position + 42)
            else { throw .notXlsx }
            let nameStart = position + 46
            let extraStart = nameStart + Int(nameLength)
            let next = extraStart + Int(extraLength) + Int(commentLength)
            guard next <= bytes.count else { throw .notXlsx }
            var entry = Entry(method: method, flags: flags, crc32: crc, compressedSize: UInt64(compressed),
                              uncompressedSize: UInt64(uncompressed), localHeaderOffset: UInt64(localOffset))
            applyZip64(&entry, extra: extraStart..<(extraStart + Int(extraLength)))
            let name = String(decoding: bytes[nameStart..<extraStart], as: UTF8.self)
            if entries[name] == nil { entries[name] = entry }
            position = next
        }
    }

    /// The unzipped bytes of `path`; `.partTooLarge` once more than `limit` bytes come out,
    /// `.damaged` for anything that does not add up.
    func extract(_ path: String, limit: Int) throws(XlsxError) -> Data {
        guard let entry = entries[path] else { throw .missingPart(path) }
        guard entry.uncompressedSize <= UInt64(limit) else { throw .partTooLarge(path, limit: limit) }
        guard entry.flags & 1 == 0 else { throw .damaged(path) }   // ZIP encryption: not how Excel protects files
        let local = Int(exactly: entry.localHeaderOffset) ?? Int.max
        guard local <= bytes.count - 30, u32(local) == 0x0403_4B50,
              let nameLength = u16(local + 26), let extraLength = u16(local + 28) else { throw .damaged(path) }
        let start = local + 30 + Int(nameLength) + Int(extraLength)
        guard let size = Int(exactly: entry.compressedSize), start <= bytes.count, size <= bytes.count - start
        else { throw .damaged(path) }
        let compressed = bytes[start..<(start + size)]

        var output = Data()
        let checksum: UInt32
        switch entry.method {
        case 0:
            guard size <= limit else { throw .partTooLarge(path, limit: limit) }
            output = Data(compressed)
            checksum = output.crc32(checksum: 0)
        case 8:
            let chunk = 64 * 1024
            do {
                checksum = try Data.decompress(size: Int64(size), bufferSize: chunk, skipCRC32: false, provider: { position, _ in
                    // Every chunk is exactly `chunk` bytes (zero-padded at the end), because the
                    // inflate loop hands zlib that many whatever it gets; past the end there is no
                    // more input, so a stream that never ends fails instead of looping.
                    guard position >= 0, position < Int64(size) else { throw XlsxError.damaged(path) }
                    let from = compressed.startIndex + Int(position)
                    var data = Data(compressed[from..<min(from + chunk, compressed.endIndex)])
                    if data.count < chunk { data.append(Data(count: chunk - data.count)) }
                    return data
                }, consumer: { data in
                    guard output.count + data.count <= limit else { throw XlsxError.partTooLarge(path, limit: limit) }
                    output.append(data)
                })
            } catch let error as XlsxError {
                throw error
            } catch {
                throw .damaged(path)
            }
        default:
            throw .damaged(path)
        }
        guard checksum == entry.crc32 else { throw .damaged(path) }
        return output
    }

    // MARK: Little-endian fields, nil past the end

    private func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func u32(_ offset: Int) -> UInt32? {
        guard let low = u16(offset), let high = u16(offset + 2) else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    private func u64(_ offset: Int) -> UInt64? {
        guard let low = u32(offset), let high = u32(offset + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }

    /// Sizes and offset from the ZIP64 extra field, for those the header marks as 0xFFFFFFFF.
    private func applyZip64(_ entry: inout Entry, extra: Range<Int>) {
        var position = extra.lowerBound
        while position + 4 <= extra.upperBound, let id = u16(position), let length = u16(position + 2) {
            let end = position + 4 + Int(length)
            guard end <= extra.upperBound else { return }
            if id == 0x0001 {
                var field = position + 4
                func next() -> UInt64? {
                    guard field + 8 <= end, let value = u64(field) else { return nil }
                    field += 8
                    return value
                }
                if entry.uncompressedSize == 0xFFFF_FFFF, let value = next() { entry.uncompressedSize = value }
                if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
                return
            }
            position = end
        }
    }

    /// The offset of the last end-of-central-directory signature, searched where it can be: in
    /// the last 22 bytes plus a comment of at most 65,535.
    private static func lastSignature(_ signature: UInt32, in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 65_535)
        let b0 = UInt8(signature & 0xFF), b1 = UInt8(signature >> 8 & 0xFF)
        let b2 = UInt8(signature >> 16 & 0xFF), b3 = UInt8(signature >> 24)
        var offset = bytes.count - 22
        while offset >= lowest {
            if bytes[offset] == b0, bytes[offset + 1] == b1, bytes[offset + 2] == b2, bytes[offset + 3] == b3 { return offset }
            offset -= 1
        }
        return nil
    }
}
