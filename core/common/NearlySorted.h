#pragma once

#include <algorithm>
#include <iterator>
#include <vector>

namespace cm {

// Sorts `items` by `less` in about n comparisons when they are already nearly in
// order, such as credentials the database returns in its own case-insensitive order, which
// differs from Unicode case folding only for a few names. Items that keep the order are set
// aside, the others are sorted alone and merged in. Never worse than O(n log n).
template<typename T, typename Less> void sortNearlySorted(std::vector<T>& items, Less less)
{
    std::vector<T> inOrder;
    std::vector<T> misfits;
    inOrder.reserve(items.size());
    for (T& item : items) {
        if (inOrder.empty() || !less(item, inOrder.back()))
            inOrder.push_back(std::move(item));
        else
            misfits.push_back(std::move(item));
    }
    if (misfits.empty()) {
        items = std::move(inOrder);
        return;
    }
    std::stable_sort(misfits.begin(), misfits.end(), less);
    items.clear();
    std::merge(std::make_move_iterator(inOrder.begin()), std::make_move_iterator(inOrder.end()),
               std::make_move_iterator(misfits.begin()), std::make_move_iterator(misfits.end()),
               std::back_inserter(items), less);
}

} // namespace cm
