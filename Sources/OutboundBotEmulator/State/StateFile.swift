import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `--state FILE` holds. Format 1 (instances only) still loads; the job
/// workflow's keys are then empty.
struct StateSnapshot: Codable, Sendable, Equatable {
    static let currentFormatVersion = 2

    var formatVersion = currentFormatVersion
    var creationCounter: Int64 = 0
    var instances: [Instance] = []
    var jobCounter: Int64 = 0
    var jobGroups: [JobGroup] = []
    var jobs: [Job] = []

    init(creationCounter: Int64, instances: [Instance], jobCounter: Int64, jobGroups: [JobGroup], jobs: [Job]) {
        self.creationCounter = creationCounter
        self.instances = instances
        self.jobCounter = jobCounter
        self.jobGroups = jobGroups
        self.jobs = jobs
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, creationCounter, instances, jobCounter, jobGroups, jobs
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decodeIfPresent(Int.self, forKey: .formatVersion) ?? 1
        creationCounter = try container.decodeIfPresent(Int64.self, forKey: .creationCounter) ?? 0
        instances = try container.decodeIfPresent([Instance].self, forKey: .instances) ?? []
        jobCounter = try container.decodeIfPresent(Int64.self, forKey: .jobCounter) ?? 0
        jobGroups = try container.decodeIfPresent([JobGroup].self, forKey: .jobGroups) ?? []
        jobs = try container.decodeIfPresent([Job].self, forKey: .jobs) ?? []
    }
}

/// Reads and atomically replaces the state file.
///
/// A write goes to `FILE.tmp` in the same directory, is fsynced, then renamed
/// over `FILE` and the directory fsynced: a crash at any moment leaves either
/// the old file or the new one, never a mix.
final class StateFile: Sendable {
    let path: String
    /// The generation last written; a late writer with older data skips its write.
    private let lastWritten = Locked<UInt64>(0)

    init(path: String) {
        self.path = path
    }

    /// nil when the file does not exist yet.
    func load() throws -> StateSnapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(StateSnapshot.self, from: data)
    }

    /// Writes `snapshot` unless a newer generation is already on disk.
    func write(_ snapshot: StateSnapshot, generation: UInt64) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(snapshot)
        try lastWritten.withLock { last in
            guard generation >= last else { return }
            try Self.replaceAtomically(path: path, with: data)
            last = generation
        }
    }

    private static func replaceAtomically(path: String, with data: Data) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StateFileError.system("open \(temporary)", errno) }
        var failure: StateFileError?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = Glibc.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .system("write \(temporary)", errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = .system("fsync \(temporary)", errno) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else { throw StateFileError.system("rename \(temporary)", errno) }
        // The rename itself is durable only once the directory entry is on disk.
        let directory = (path as NSString).deletingLastPathComponent
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }
}

enum StateFileError: Error, CustomStringConvertible {
    case system(String, Int32)

    var description: String {
        switch self {
        case .system(let what, let code): "\(what): \(String(cString: strerror(code)))"
        }
    }
}
