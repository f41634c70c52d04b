#pragma once

#include <compare>
#include <utility>
#include <vector>

namespace rs::routing {

// Werkzeug's Weighting tuple for one rule part; parts with a smaller weighting are tried first.
// The member order is the comparison order (Python compares the tuple item by item).
struct Weighting {
    int numberStaticWeights = 0;                    // -(static pieces in the part)
    std::vector<std::pair<int, int>> staticWeights; // (index, -length) per static piece
    int numberArgumentWeights = 0;                  // -(variables in the part)
    std::vector<int> argumentWeights;               // converter weights

    auto operator<=>(const Weighting &) const = default;
    bool operator==(const Weighting &) const = default;
};

} // namespace rs::routing
