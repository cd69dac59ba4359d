// outboundbot.hpp: a small RAII wrapper over liboutboundbot's C API (C++11).
//
// Every handle the library gives out lives in a std::unique_ptr whose deleter is
// the matching obb_*_free function, so nothing leaks on any path, exceptions
// included, and nothing is released with delete or free().
#ifndef OUTBOUNDBOT_HPP
#define OUTBOUNDBOT_HPP

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <outboundbot.h>

namespace outboundbot {

struct ClientDeleter {
    void operator()(obb_client *client) const noexcept { obb_client_free(client); }
};
struct ResultDeleter {
    void operator()(obb_create_instance_result *result) const noexcept {
        obb_create_instance_result_free(result);
    }
};
struct StringDeleter {
    void operator()(char *string) const noexcept { obb_string_free(string); }
};

typedef std::unique_ptr<obb_client, ClientDeleter> ClientPtr;
typedef std::unique_ptr<obb_create_instance_result, ResultDeleter> CreateInstanceResultPtr;
typedef std::unique_ptr<char, StringDeleter> StringPtr;

// A failure to build a client: the status and the library's message.
class Error : public std::runtime_error {
public:
    Error(obb_status status, const std::string &message)
        : std::runtime_error(std::string(obb_status_name(status)) + ": " + message),
          status_(status) {}
    obb_status status() const noexcept { return status_; }

private:
    obb_status status_;
};

// Empty strings mean "the library's default" (NULL in the C config).
struct ClientOptions {
    std::string region;
    std::string endpoint;
    obb_protocol protocol = OBB_PROTOCOL_HTTPS;
    obb_signature_version signature_version = OBB_SIGNATURE_V3;
    std::string access_key_id;      // empty: read from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET
    std::string access_key_secret;
    std::string security_token;
    std::uint32_t connect_timeout_ms = 0;
    std::uint32_t read_timeout_ms = 0;
    std::string ca_file;
    std::string user_agent_suffix;
};

class Client {
public:
    // Throws Error when the library refuses the options.
    explicit Client(const ClientOptions &options) {
        obb_client_config config = OBB_CLIENT_CONFIG_INIT;
        config.region = or_null(options.region);
        config.endpoint = or_null(options.endpoint);
        config.protocol = options.protocol;
        config.signature_version = options.signature_version;
        config.access_key_id = or_null(options.access_key_id);
        config.access_key_secret = or_null(options.access_key_secret);
        config.security_token = or_null(options.security_token);
        config.connect_timeout_ms = options.connect_timeout_ms;
        config.read_timeout_ms = options.read_timeout_ms;
        config.ca_file = or_null(options.ca_file);
        config.user_agent_suffix = or_null(options.user_agent_suffix);

        obb_client *raw = nullptr;
        char *raw_error = nullptr;
        obb_status status = obb_client_new(&raw, &config, &raw_error);
        StringPtr error(raw_error);
        client_.reset(raw);
        if (status != OBB_OK) throw Error(status, error ? error.get() : "");
    }

    // The result is returned on success and on failure alike (check ->status);
    // it is never null unless the library could not allocate it.
    CreateInstanceResultPtr create_instance(const std::string &name,
                                            std::int64_t max_concurrent_conversation,
                                            const std::vector<std::string> &calling_numbers =
                                                std::vector<std::string>(),
                                            const std::string &description = std::string()) const {
        std::vector<const char *> numbers;
        numbers.reserve(calling_numbers.size());
        for (const std::string &number : calling_numbers) numbers.push_back(number.c_str());

        obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
        request.instance_name = name.c_str();
        request.instance_description = or_null(description);
        request.max_concurrent_conversation = max_concurrent_conversation;
        request.calling_numbers = numbers.empty() ? nullptr : numbers.data();
        request.calling_number_count = numbers.size();

        obb_create_instance_result *raw = nullptr;
        obb_create_instance(client_.get(), &request, &raw);
        return CreateInstanceResultPtr(raw);
    }

private:
    static const char *or_null(const std::string &value) {
        return value.empty() ? nullptr : value.c_str();
    }

    ClientPtr client_;
};

}  // namespace outboundbot

#endif  // OUTBOUNDBOT_HPP
