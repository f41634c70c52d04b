#include "ui/client/LoadSummary.h"

namespace rs::ui {

int LoadSummary::failed() const
{
    int n = connectionRefused + timeouts;
    for (int c : otherErrors)
        n += c;
    return n;
}

} // namespace rs::ui
