// Command create_instance creates an OutboundBot instance from Go through
// liboutboundbot's C ABI (cgo). It needs no module downloads: the only import
// besides the standard library is the C library, found by pkg-config.
//
//	go build -o create_instance .      (with PKG_CONFIG_PATH pointing at outboundbot.pc)
//	./create_instance [INSTANCE_NAME]  (default: 第一个实例)
//
// Settings from the environment: OBB_ENDPOINT, OBB_REGION, OBB_PROTOCOL (http|https),
// OBB_SIGNATURE_VERSION (v3|v1), OBB_CA_FILE; the library itself reads
// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
// After the create it describes the new instance through the generic call
// (obb_call: an action name and JSON parameters) and reads fields by path.
// Exit status: 0 on OBB_OK, else the obb_status value; 70 on a major version mismatch.
package main

/*
#cgo pkg-config: outboundbot
#include <stdlib.h>
#include <outboundbot.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"os"
	"unsafe"
)

func statusName(s C.obb_status) string { return C.GoString(C.obb_status_name(s)) }

// cString returns a C copy of s, or nil for "" (the library's default);
// the caller frees it with C.free.
func cString(s string) *C.char {
	if s == "" {
		return nil
	}
	return C.CString(s)
}

func run() int {
	version := C.GoString(C.obb_version())
	fmt.Printf("liboutboundbot %s (header %s)\n", version, C.OBB_VERSION_STRING)
	if C.obb_version_number()>>16 != C.OBB_VERSION_MAJOR {
		fmt.Fprintf(os.Stderr, "error: library %s does not match the header\n", version)
		return 70
	}

	var config C.obb_client_config
	if st := C.obb_client_config_init(&config, C.sizeof_obb_client_config); st != C.OBB_OK {
		fmt.Fprintf(os.Stderr, "obb_client_config_init: %s\n", statusName(st))
		return int(st)
	}
	// Strings handed to C live in C memory (cgo's pointer rules), freed on return.
	strings := []*C.char{}
	keep := func(p *C.char) *C.char { strings = append(strings, p); return p }
	defer func() {
		for _, p := range strings {
			C.free(unsafe.Pointer(p))
		}
	}()
	config.endpoint = keep(cString(os.Getenv("OBB_ENDPOINT")))
	config.region = keep(cString(os.Getenv("OBB_REGION")))
	config.ca_file = keep(cString(os.Getenv("OBB_CA_FILE")))
	config.user_agent_suffix = keep(cString("create_instance.go"))
	if os.Getenv("OBB_PROTOCOL") == "http" {
		config.protocol = C.OBB_PROTOCOL_HTTP
	}
	if os.Getenv("OBB_SIGNATURE_VERSION") == "v1" {
		config.signature_version = C.OBB_SIGNATURE_V1
	}

	var client *C.obb_client
	var cerr *C.char
	if st := C.obb_client_new(&client, &config, &cerr); st != C.OBB_OK {
		message := ""
		if cerr != nil {
			message = C.GoString(cerr)
		}
		C.obb_string_free(cerr)
		fmt.Fprintf(os.Stderr, "obb_client_new: %s: %s\n", statusName(st), message)
		return int(st)
	}
	defer C.obb_client_free(client)

	name := "第一个实例"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	numbers := (*[1]*C.char)(C.malloc(C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	defer C.free(unsafe.Pointer(numbers))
	numbers[0] = keep(C.CString("95187"))

	var request C.obb_create_instance_request
	request.struct_size = C.sizeof_obb_create_instance_request
	request.instance_name = keep(C.CString(name))
	request.max_concurrent_conversation = 4
	request.calling_numbers = &numbers[0]
	request.calling_number_count = 1

	var result *C.obb_create_instance_result
	st := C.obb_create_instance(client, &request, &result)
	defer C.obb_create_instance_result_free(result)
	fmt.Printf("obb_create_instance returned %d (%s)\n", int(st), statusName(st))
	if result == nil {
		return int(st)
	}
	fmt.Printf("  status:       %s\n", statusName(result.status))
	fmt.Printf("  http_status:  %d\n", int(result.http_status))
	fmt.Printf("  code:         %q\n", C.GoString(result.code))
	fmt.Printf("  message:      %q\n", C.GoString(result.message))
	fmt.Printf("  request_id:   %q\n", C.GoString(result.request_id))
	fmt.Printf("  success:      %d\n", int(result.success))
	fmt.Printf("  attempts:     %d\n", uint32(result.attempts))
	fmt.Printf("  body_length:  %d\n", uint64(result.body_length))
	fmt.Printf("  body:         %s\n", C.GoBytes(unsafe.Pointer(result.body), C.int(result.body_length)))
	fmt.Printf("  has_instance: %d\n", int(result.has_instance))
	if result.has_instance != 0 {
		in := &result.instance
		fmt.Printf("  instance.instance_id:                 %q\n", C.GoString(in.instance_id))
		fmt.Printf("  instance.instance_name:               %q\n", C.GoString(in.instance_name))
		fmt.Printf("  instance.creation_time:               %d\n", int64(in.creation_time))
		fmt.Printf("  instance.creator_id:                  %d\n", int64(in.creator_id))
		fmt.Printf("  instance.owner_name:                  %q\n", C.GoString(in.owner_name))
		fmt.Printf("  instance.max_concurrent_conversation: %d\n", int64(in.max_concurrent_conversation))
	}
	if st != C.OBB_OK {
		return int(st)
	}
	return describe(client, C.GoString(result.instance.instance_id))
}

// describe calls DescribeInstance through the generic call and reads the
// answer by path: no Go struct mirrors the answer.
func describe(client *C.obb_client, instanceID string) int {
	params, _ := json.Marshal(map[string]string{"InstanceId": instanceID})
	action, cparams := C.CString("DescribeInstance"), C.CString(string(params))
	defer C.free(unsafe.Pointer(action))
	defer C.free(unsafe.Pointer(cparams))
	var response *C.obb_response
	st := C.obb_call(client, action, cparams, &response)
	defer C.obb_response_free(response)
	fmt.Printf("obb_call DescribeInstance returned %d (%s)\n", int(st), statusName(st))
	if st != C.OBB_OK {
		fmt.Fprintf(os.Stderr, "  code %q: %s\n", C.GoString(C.obb_response_code(response)),
			C.GoString(C.obb_response_message(response)))
		return int(st)
	}
	for _, path := range []string{"Instance.InstanceId", "Instance.InstanceName"} {
		cpath := C.CString(path)
		var value *C.char
		if C.obb_response_get_string(response, cpath, &value) == C.OBB_OK {
			fmt.Printf("  %-35s %q\n", path+":", C.GoString(value))
		}
		C.obb_string_free(value)
		C.free(unsafe.Pointer(cpath))
	}
	cpath := C.CString("Instance.MaxConcurrentConversation")
	defer C.free(unsafe.Pointer(cpath))
	var concurrency C.int64_t
	if st := C.obb_response_get_int64(response, cpath, &concurrency); st != C.OBB_OK {
		fmt.Fprintf(os.Stderr, "Instance.MaxConcurrentConversation: %s\n", statusName(st))
		return int(st)
	}
	fmt.Printf("  %-35s %d\n", "Instance.MaxConcurrentConversation:", int64(concurrency))
	return 0
}

func main() { os.Exit(run()) }
