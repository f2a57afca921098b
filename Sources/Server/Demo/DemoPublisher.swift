import Foundation
import Logging
import Scheduling
import ServiceLifecycle
import Storage

/// After the demo server starts: solves the street's week as the coordinator would (a solve job), then publishes the
/// draft, so the pages open on a live schedule with offers waiting for answers.
struct DemoPublisher: Service {
    let store: any TandemStore
    let jobs: SolveJobs
    let desk: OfferDesk
    let week: LocalDate
    let seconds: Double
    let logger: Logger
    let onPublished: @Sendable (ScheduleVersion) async -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await publishOnce() }
        } catch is CancellationError {
            return
        }
        try? await gracefulShutdown()
    }

    private func publishOnce() async throws {
        guard let unit = try await store.orgUnit(id: DemoSeed.street.id),
              let coordinator = try await store.user(username: "coordinator") else { return }
        if try await store.publishedVersion(orgUnit: unit.id, week: week) != nil { return }
        let job = try await jobs.submit(unit: unit, week: week, seconds: seconds, seed: 1, by: coordinator)
        while true {
            try await Task.sleep(for: .milliseconds(250))
            guard let current = try await store.solveJob(id: job.id) else { return }
            guard current.status.isFinished else { continue }
            guard current.status == .done, let version = current.version else {
                logger.error("the demo solve ended \(current.status.rawValue): \(current.error ?? "")")
                return
            }
            let published = try await desk.publish(versionID: version, by: coordinator)
            await onPublished(published)
            return
        }
    }
}
