import Testing
@testable import OutboundBot

struct ResponseDecoderTests {
    typealias Answer = ServiceAnswer<CreateInstanceRequest.Payload>

    func decode(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Result<Answer, OutboundBotError> {
        decode(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    func decode(_ response: HTTPResponse) -> Result<Answer, OutboundBotError> {
        ResponseDecoder.decode(response, payload: CreateInstanceRequest.Payload.self)
    }

    /// The seed's JSON sample, with its lower-case `creationTime`, `requestId` and `success`.
    @Test func seedSampleWithLowerCaseKeys() throws {
        let body = """
            {
              "Code" : "OK",
              "HttpStatusCode" : 200,
              "Instance" : {
                "InstanceDescription" : "这个是第一个的实例",
                "creationTime" : 1578469042851,
                "InstanceId" : "90515b5-6115-4ccf-83e2-52d5bfaf2ddf",
                "InstanceName" : "第一个实例",
                "MaxConcurrentConversation" : 4
              },
              "requestId" : "254EB995-DEDF-48A4-9101-9CA5B72FFBCC",
              "success" : true
            }
            """
        let answer = try decode(200, body).get()
        let response = CreateInstanceRequest.output(from: answer)
        #expect(response.requestId == "254EB995-DEDF-48A4-9101-9CA5B72FFBCC")
        #expect(response.code == "OK")
        let instance = try #require(response.instance)
        #expect(instance.creationTime == 1_578_469_042_851)
        #expect(instance.instanceId == "90515b5-6115-4ccf-83e2-52d5bfaf2ddf")
        #expect(instance.instanceName == "第一个实例")
        #expect(instance.instanceDescription == "这个是第一个的实例")
        #expect(instance.maxConcurrentConversation == 4)
        #expect(instance.creatorName == "")
    }

    /// The official SDKs' spelling, with every Instance field.
    @Test func sdkSpellingWithEveryField() throws {
        let body = """
            {"RequestId":"R1","Success":true,"Code":"OK","Message":"Success","HttpStatusCode":200,
             "Instance":{"CreationTime":1578469042851,"InstanceId":"i-1","CreatorId":435986,"OwnerName":"owner",
             "InstanceDescription":"d","InstanceName":"n","CreatorName":"creator","ResourceGroupId":"rg-1",
             "MaxConcurrentConversation":4}}
            """
        let response = CreateInstanceRequest.output(from: try decode(200, body).get())
        #expect(response.requestId == "R1")
        #expect(response.message == "Success")
        #expect(response.instance == Instance(
            instanceId: "i-1", instanceName: "n", instanceDescription: "d", creationTime: 1_578_469_042_851,
            creatorId: 435_986, creatorName: "creator", ownerName: "owner", resourceGroupId: "rg-1",
            maxConcurrentConversation: 4))
    }

    @Test func numbersSentAsStringsAreRead() throws {
        let body = #"{"RequestId":"R","Instance":{"CreatorId":"435986","CreationTime":"1578469042851"}}"#
        let instance = try #require(CreateInstanceRequest.output(from: try decode(200, body).get()).instance)
        #expect(instance.creatorId == 435_986)
        #expect(instance.creationTime == 1_578_469_042_851)
    }

    @Test func jsonErrorKeepsCodeMessageStatusAndRequestId() {
        let body = #"{"RequestId":"R2","HostId":"outboundbot.cn-shanghai.aliyuncs.com","Code":"InvalidInstanceName.Duplicated","Message":"The specified InstanceName already exists."}"#
        guard case .failure(let error) = decode(400, body) else { Issue.record("expected a failure"); return }
        #expect(error.kind == .service)
        #expect(error.code == "InvalidInstanceName.Duplicated")
        #expect(error.message == "The specified InstanceName already exists.")
        #expect(error.requestId == "R2")
        #expect(error.httpStatus == 400)
        #expect(error.body == Array(body.utf8))
    }

    /// OutboundBot can answer HTTP 200 with Success:false.
    @Test func http200WithSuccessFalseIsAServiceError() {
        guard case .failure(let error) = decode(200, #"{"requestId":"R3","success":false,"Code":"LimitExceeded.ConcurrentConversation","Message":"m"}"#)
        else { Issue.record("expected a failure"); return }
        #expect(error.kind == .service)
        #expect(error.code == "LimitExceeded.ConcurrentConversation")
        #expect(error.requestId == "R3")
        #expect(error.httpStatus == 200)
    }

    @Test func xmlErrorBody() {
        let body = "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R4</RequestId><HostId>h</HostId><Code>Throttling.User</Code><Message>Request was denied due to user flow control.</Message></Error>"
        guard case .failure(let error) = decode(400, body) else { Issue.record("expected a failure"); return }
        #expect(error.kind == .service)
        #expect(error.code == "Throttling.User")
        #expect(error.message == "Request was denied due to user flow control.")
        #expect(error.requestId == "R4")
    }

    @Test func htmlBadGatewayKeepsStatusAndHeaderRequestId() {
        guard case .failure(let error) = decode(502, "<html><body><h1>502 Bad Gateway</h1></body></html>",
                                                headers: ["x-acs-request-id": "R5", "content-type": "text/html"])
        else { Issue.record("expected a failure"); return }
        #expect(error.kind == .service)
        #expect(error.code == "")
        #expect(error.httpStatus == 502)
        #expect(error.requestId == "R5")
        #expect(error.message.contains("text/html"))
    }

    @Test func emptyBodies() {
        guard case .failure(let error) = decode(500, "") else { Issue.record("expected a failure"); return }
        #expect(error.kind == .service)
        #expect(error.httpStatus == 500)
        guard case .failure(let okButEmpty) = decode(200, "") else { Issue.record("expected a failure"); return }
        #expect(okButEmpty.kind == .response)
    }

    @Test func nonObjectJSONAndGarbageAreResponseErrors() {
        for body in ["[1,2]", "\"x\"", "{", "\u{0}\u{1}\u{2}", "{\"Code\":", String(repeating: "[", count: 100_000)] {
            guard case .failure(let error) = decode(200, body) else { Issue.record("expected a failure for \(body.prefix(10))"); continue }
            #expect(error.kind == .response)
        }
    }

    @Test func invalidUTF8NeverCrashes() {
        let bytes: [UInt8] = [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]
        guard case .failure(let error) = decode(HTTPResponse(status: 200, headers: [:], body: bytes))
        else { Issue.record("expected a failure"); return }
        #expect(error.kind == .response)
        #expect(error.body == bytes)
    }

    @Test func nestedInstanceOfTheWrongTypeIsIgnored() throws {
        let response = CreateInstanceRequest.output(from: try decode(200, #"{"RequestId":"R","Instance":[1,2]}"#).get())
        #expect(response.instance == nil)
        #expect(response.requestId == "R")
    }

    @Test func hugeNumbersDoNotTrap() throws {
        let body = #"{"Instance":{"CreatorId":1e300,"CreationTime":-1e300,"MaxConcurrentConversation":"99999999999999999999"}}"#
        let instance = try #require(CreateInstanceRequest.output(from: try decode(200, body).get()).instance)
        #expect(instance.creatorId == 0)
        #expect(instance.creationTime == 0)
        #expect(instance.maxConcurrentConversation == 0)
    }
}
