// STS responses in the query protocol's XML: the <Credentials> element of AssumeRole and
// AssumeRoleWithWebIdentity, and <ErrorResponse> bodies.
// Thread-safety: free functions, thread-safe.
#pragma once

#include <string_view>

#include "exporter/aws/sigv4.h"
#include "exporter/core/status.h"

namespace pugi {
class xml_node;
}  // namespace pugi

namespace awsgov::aws {

// `response` is the document root or its <OperationResponse> element; reads
// <OperationResult><Credentials>{AccessKeyId,SecretAccessKey,SessionToken,Expiration}.
Status CredentialsFromStsXml(const pugi::xml_node& response, std::string_view operation,
                             Credentials* out);

// Parses a whole STS response body: on HTTP 200 the credentials, else the error code and message.
Status CredentialsFromStsResponse(long http_status, std::string_view body,
                                  std::string_view operation, Credentials* out);

}  // namespace awsgov::aws
