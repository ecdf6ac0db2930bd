#include "collectors/ami_references/owner_images.h"

#include <pugixml.hpp>

#include "collectors/ami_references/xml_text.h"

namespace awsgov::ami {
namespace {

constexpr std::size_t kImageIdsPerCall = 100;

}  // namespace

Status ListOwnedImages(aws::Client& client, std::vector<OwnedImage>* out) {
  const aws::QueryParams params = {{"Owner.1", "self"},
                                   {"IncludeDisabled", "true"},
                                   {"IncludeDeprecated", "true"},
                                   {"MaxResults", "1000"}};
  Status status =
      aws::QueryAllPages(client, "ec2", "DescribeImages", params, [&](const pugi::xml_node& page) {
        ForEach(page, "imagesSet", "item", [&](const pugi::xml_node& item) {
          OwnedImage image{Text(item, "imageId"), Text(item, "imageState"),
                           Text(item, "isPublic") == "true"};
          if (!image.id.empty()) out->push_back(std::move(image));
        });
        return Status::Ok();
      });
  return status.WithContext("ec2 DescribeImages (owner self)");
}

Status DescribeLaunchPermissions(aws::Client& client, const std::string& image_id,
                                 LaunchPermissions* out) {
  pugi::xml_document doc;
  Status status = client.Query("ec2", "DescribeImageAttribute",
                               {{"ImageId", image_id}, {"Attribute", "launchPermission"}}, &doc);
  if (!status.ok()) return status.WithContext("ec2 DescribeImageAttribute " + image_id);
  ForEach(doc.document_element(), "launchPermission", "item", [&](const pugi::xml_node& item) {
    if (Text(item, "group") == "all") out->is_public = true;
    if (std::string id = Text(item, "userId"); !id.empty()) out->account_ids.insert(id);
    if (std::string arn = Text(item, "organizationalUnitArn"); !arn.empty()) {
      out->ou_ids.insert(LastArnSegment(arn));
    }
    if (std::string arn = Text(item, "organizationArn"); !arn.empty()) {
      out->organization_ids.insert(LastArnSegment(arn));
    }
  });
  return Status::Ok();
}

Status DescribeVisibleImageOwners(aws::Client& client, const std::vector<std::string>& image_ids,
                                  std::vector<std::pair<std::string, std::string>>* out) {
  for (std::size_t begin = 0; begin < image_ids.size(); begin += kImageIdsPerCall) {
    aws::QueryParams params = {{"Filter.1.Name", "image-id"},
                               {"IncludeDisabled", "true"},
                               {"IncludeDeprecated", "true"},
                               {"MaxResults", "1000"}};
    const std::size_t end = std::min(image_ids.size(), begin + kImageIdsPerCall);
    for (std::size_t i = begin; i < end; ++i) {
      params.emplace_back("Filter.1.Value." + std::to_string(i - begin + 1), image_ids[i]);
    }
    Status status = aws::QueryAllPages(
        client, "ec2", "DescribeImages", params, [&](const pugi::xml_node& page) {
          ForEach(page, "imagesSet", "item", [&](const pugi::xml_node& item) {
            out->emplace_back(Text(item, "imageId"), Text(item, "imageOwnerId"));
          });
          return Status::Ok();
        });
    if (!status.ok()) return status.WithContext("ec2 DescribeImages (image-id filter)");
  }
  return Status::Ok();
}

}  // namespace awsgov::ami
