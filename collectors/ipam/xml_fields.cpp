#include "collectors/ipam/xml_fields.h"

#include <charconv>
#include <cstring>

namespace awsgov::ipam {

std::string Text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

std::optional<double> Number(const pugi::xml_node& node, const char* name) {
  const pugi::xml_node child = node.child(name);
  if (!child) return std::nullopt;
  const char* text = child.text().as_string();
  const char* end = text + std::strlen(text);
  double value = 0;
  auto [parsed_end, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || parsed_end != end || text == end) return std::nullopt;
  return value;
}

void ForEachItem(const pugi::xml_node& node, const char* set_name,
                 const std::function<void(const pugi::xml_node& item)>& fn) {
  for (const pugi::xml_node& item : node.child(set_name).children("item")) fn(item);
}

std::map<std::string, std::string> Tags(const pugi::xml_node& node, const char* set_name) {
  std::map<std::string, std::string> tags;
  ForEachItem(node, set_name,
              [&](const pugi::xml_node& item) { tags[Text(item, "key")] = Text(item, "value"); });
  return tags;
}

}  // namespace awsgov::ipam
