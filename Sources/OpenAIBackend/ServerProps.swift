import AsyncHTTPClient
import Foundation
import NIOCore
import TachikomaCore

/// llama.cpp's `GET /props`, beside the API rather than under `/v1`: what the loaded model takes
/// (`"modalities": {"vision": true, "audio": false}`). Other servers have no such path.
struct ServerPropsWire: Decodable {
    struct Modalities: Decodable {
        var vision: Bool?
        var audio: Bool?
    }

    var modalities: Modalities?

    /// The inputs the modalities name; nil when the answer names none.
    var inputs: ModelCapabilities? {
        guard let modalities else { return nil }
        var inputs: ModelCapabilities = []
        if modalities.vision == true { inputs.insert(.vision) }
        if modalities.audio == true { inputs.insert(.audio) }
        return inputs
    }
}

extension OpenAIClient {
    /// The server's root: the base URL without its final `/v1`.
    static func serverRoot(of baseURL: String) -> String {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        return root
    }

    /// `GET {root}/props`; nil for any failure, as most servers have no such path and it only adds
    /// to what is known.
    func serverProps() async -> ServerPropsWire? {
        var request = HTTPClientRequest(url: Self.serverRoot(of: config.baseURL) + "/props")
        request.headers.add(name: "User-Agent", value: "tachikoma")
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey = config.apiKey { request.headers.add(name: "Authorization", value: apiKey.authorizationHeader) }
        guard let response = try? await http.execute(request, deadline: .now() + .nanoseconds(config.requestTimeout.clampedNanoseconds)),
            (200..<300).contains(response.status.code), let body = try? await response.body.collect(upTo: 1 << 20)
        else { return nil }
        return try? JSONDecoder().decode(ServerPropsWire.self, from: Data(body.readableBytesView))
    }
}
