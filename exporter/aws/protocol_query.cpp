#include "exporter/aws/protocol_query.h"

namespace awsgov::aws {

HttpRequest BuildQueryRequest(const ServiceInfo& service, const std::string& endpoint,
                              std::string_view operation, const QueryParams& params) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint + "/";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  QueryParams all;
  all.reserve(params.size() + 2);
  all.emplace_back("Action", std::string(operation));
  all.emplace_back("Version", std::string(service.api_version));
  all.insert(all.end(), params.begin(), params.end());
  request.body = FormEncode(all);
  return request;
}

Status ParseQueryResponse(std::string_view operation, const HttpResponse& response,
                          pugi::xml_document* out) {
  pugi::xml_parse_result result =
      out->load_buffer(response.body.data(), response.body.size(), pugi::parse_default);
  if (!result) {
    return ParseError("malformed XML response (" + std::string(result.description()) + " at byte " +
                      std::to_string(result.offset) + " of " +
                      std::to_string(response.body.size()) + ")");
  }
  std::string expected = std::string(operation) + "Response";
  pugi::xml_node root = out->document_element();
  if (expected != root.name()) {
    return ParseError("XML response root is <" + std::string(root.name()) + ">, expected <" +
                      expected + ">");
  }
  return Status::Ok();
}

AwsError ParseQueryError(const HttpResponse& response) {
  AwsError error;
  error.http_status = response.status;
  error.request_id = RequestIdFromHeaders(response);
  pugi::xml_document doc;
  if (doc.load_buffer(response.body.data(), response.body.size())) {
    pugi::xml_node root = doc.document_element();
    pugi::xml_node err = root.child("Errors").child("Error");  // EC2
    if (!err) err = root.child("Error");                       // query protocol
    error.code = err.child_value("Code");
    error.message = err.child_value("Message");
    if (error.request_id.empty()) {
      error.request_id = root.child_value("RequestID");
      if (error.request_id.empty()) error.request_id = root.child_value("RequestId");
    }
  }
  if (error.request_id.empty()) error.request_id = RequestIdFromXmlText(response.body);
  if (error.code.empty() && error.message.empty()) error.message = BodyExcerpt(response.body);
  return error;
}

}  // namespace awsgov::aws
