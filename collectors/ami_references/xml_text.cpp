#include "collectors/ami_references/xml_text.h"

namespace awsgov::ami {

std::string Text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

void ForEach(const pugi::xml_node& node, const char* list, const char* element,
             const std::function<void(const pugi::xml_node& item)>& fn) {
  for (const pugi::xml_node& item : node.child(list).children(element)) fn(item);
}

}  // namespace awsgov::ami
