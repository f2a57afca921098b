import Hummingbird
import NIOCore
import Storage

/// The request context: Hummingbird's core storage plus the user the bearer token belongs to.
struct TandemContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    var user: UserAccount?
    /// The hash of the session token the request came with.
    var sessionHash: String?
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
        sessionHash = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// The logged-in user, or 401.
    func requireUser() throws -> UserAccount {
        guard let user else { throw APIError.unauthorized }
        return user
    }
}
