import CCurlShim
import CLibcurl

/// `curl_global_init` exactly once per process, behind a lock, as libcurl
/// requires; never `curl_global_cleanup`, because other libraries in the host
/// may be using libcurl too and this library cannot know when they are done.
enum CurlGlobal {
    private static let state = Locked<CURLcode?>(nil)

    /// Returns CURLE_OK once libcurl is initialised (now or earlier).
    static func initialize() -> CURLcode {
        state.withLock { code in
            if let code, code == CURLE_OK { return code }
            let result = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
            code = result
            return result
        }
    }

    /// "libcurl/7.88.1", for the User-Agent.
    static let versionString: String = "libcurl/" + String(cString: obb_shim_libcurl_version())
}
