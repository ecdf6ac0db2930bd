// The query protocols (EC2 and the generic AWS query protocol of STS and Auto Scaling): a
// form-encoded POST with Action and Version, answered with XML.
// Thread-safety: free functions.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/client.h"
#include "exporter/aws/http.h"
#include "exporter/aws/protocol_common.h"

namespace awsgov::aws {

// POST <endpoint>/ with Action=<operation>&Version=<api version>&<params>.
HttpRequest BuildQueryRequest(const ServiceInfo& service, const std::string& endpoint,
                              std::string_view operation, const QueryParams& params);

// Parses a 2xx body into `out`; the root element must be <operation>Response.
Status ParseQueryResponse(std::string_view operation, const HttpResponse& response,
                          pugi::xml_document* out);

// EC2: <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>;
// query: <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>.
AwsError ParseQueryError(const HttpResponse& response);

}  // namespace awsgov::aws
