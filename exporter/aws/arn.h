// Amazon Resource Names split into their fields:
// arn:<partition>:<service>:<region>:<account>:<resource>. Split by hand rather than with
// std::regex: GCC 12 reports false -Wmaybe-uninitialized inside <regex> in the sanitized -O2
// build, and the shape is simple. Thread-safety: pure functions, reentrant.
#pragma once

#include <string>
#include <string_view>

namespace awsgov::aws {

// The fields of an ARN, as views into the text that was split (valid while it is).
struct ArnParts {
  std::string_view partition;  // "aws", "aws-cn", "aws-us-gov", ...
  std::string_view service;    // "iam", "ec2", "organizations", ...
  std::string_view region;     // empty for global services (IAM, Organizations)
  std::string_view account;    // empty for some resources (S3 buckets)
  std::string_view resource;   // the rest, colons included ("role/x", "function:f:1")
  bool operator==(const ArnParts&) const = default;
};

// False when `arn` does not start with "arn:", has fewer than six fields, or its partition is
// empty or not lower-case letters and '-'. Fields are not checked further: callers check what
// they need (an account id's digits, a service).
bool SplitArn(std::string_view arn, ArnParts* out);

// The account field of an ARN ("arn:aws:iam::123456789012:role/x" -> "123456789012"), or ""
// when `arn` is not one.
std::string AccountIdOfArn(std::string_view arn);

}  // namespace awsgov::aws
