// HTML escaping for the pages the exporter serves (landing page, review pages).
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace awsgov {

// Escapes the five characters that matter in HTML text and attribute values: & < > " '.
std::string HtmlEscape(std::string_view text);

}  // namespace awsgov
