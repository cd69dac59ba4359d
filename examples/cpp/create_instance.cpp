// create_instance.cpp: create an OutboundBot instance through the RAII wrapper.
//
//   create_instance [INSTANCE_NAME]        (default: 第一个实例)
//
// Settings from the environment: OBB_ENDPOINT, OBB_REGION, OBB_PROTOCOL (http|https),
// OBB_SIGNATURE_VERSION (v3|v1), OBB_CA_FILE, and the library's own
// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
// Exit status: 0 on OBB_OK, else the obb_status value; 70 on a library/header
// major version mismatch.
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "outboundbot.hpp"

static std::string env(const char *name) {
    const char *value = std::getenv(name);
    return value != nullptr ? value : "";
}

int main(int argc, char **argv) {
    std::cout << "liboutboundbot " << obb_version() << " (header " << OBB_VERSION_STRING << ")\n";
    if ((obb_version_number() >> 16) != OBB_VERSION_MAJOR) {
        std::cerr << "error: library " << obb_version() << " does not match the header\n";
        return 70;
    }

    outboundbot::ClientOptions options;
    options.endpoint = env("OBB_ENDPOINT");
    options.region = env("OBB_REGION");
    options.ca_file = env("OBB_CA_FILE");
    options.protocol = env("OBB_PROTOCOL") == "http" ? OBB_PROTOCOL_HTTP : OBB_PROTOCOL_HTTPS;
    options.signature_version =
        env("OBB_SIGNATURE_VERSION") == "v1" ? OBB_SIGNATURE_V1 : OBB_SIGNATURE_V3;
    options.user_agent_suffix = "create_instance.cpp";

    try {
        outboundbot::Client client(options);
        const std::string name = argc > 1 ? argv[1] : "第一个实例";
        outboundbot::CreateInstanceResultPtr result =
            client.create_instance(name, 4, std::vector<std::string>(1, "95187"));
        if (!result) {
            std::cerr << "obb_create_instance gave no result\n";
            return OBB_ERR_NO_MEMORY;
        }
        std::cout << "obb_create_instance returned " << result->status << " ("
                  << obb_status_name(result->status) << ")\n"
                  << "  status:       " << obb_status_name(result->status) << "\n"
                  << "  http_status:  " << result->http_status << "\n"
                  << "  code:         \"" << result->code << "\"\n"
                  << "  message:      \"" << result->message << "\"\n"
                  << "  request_id:   \"" << result->request_id << "\"\n"
                  << "  success:      " << result->success << "\n"
                  << "  has_instance: " << result->has_instance << "\n";
        if (result->has_instance) {
            const obb_instance &in = result->instance;
            std::cout << "  instance.instance_id:                 \"" << in.instance_id << "\"\n"
                      << "  instance.instance_name:               \"" << in.instance_name << "\"\n"
                      << "  instance.creation_time:               " << in.creation_time << "\n"
                      << "  instance.max_concurrent_conversation: "
                      << in.max_concurrent_conversation << "\n";
        }
        return result->status == OBB_OK ? 0 : static_cast<int>(result->status);
    } catch (const outboundbot::Error &error) {
        std::cerr << "obb_client_new: " << error.what() << "\n";
        return static_cast<int>(error.status());
    }
}
