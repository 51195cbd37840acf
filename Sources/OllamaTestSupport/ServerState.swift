/// What the server knows and has seen; shared by all connections under one lock.
struct ServerState: Sendable {
    var script: ServerScript
    var requests: [RecordedRequest] = []
    var clientDisconnects = 0
}

typealias SharedServerState = LockedState<ServerState>
