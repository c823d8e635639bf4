#include "runtime/lifecycle/image_use.h"

#include <cerrno>
#include <set>

#include "runtime/lifecycle/definition.h"

namespace juxta::runtime {

Result<images::RemovedImage> removeImageIfUnused(const std::string& name) {
    auto definitions = listDefinitions();
    if (!definitions) return definitions.error().wrap("remove image " + name);
    auto store = images::ImageStore::atDefaultLocation();
    std::set<std::string> layersInUse;
    std::string users;
    for (const auto& d : *definitions) {
        if (d.image == name) users += (users.empty() ? "" : ", ") + d.spec.name;
        for (const auto& layer : d.spec.layers)
            if (layer.parent_path() == store.root() / "layers") layersInUse.insert(layer.filename().string());
    }
    if (!users.empty())
        return Error(EBUSY, "image " + name + " is used by container " + users +
                                " — remove the container first (`juxtactl rm`)");
    return images::removeImage(store, name, layersInUse);
}

}  // namespace juxta::runtime
