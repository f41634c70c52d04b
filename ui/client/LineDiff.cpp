#include "ui/client/LineDiff.h"

#include <vector>

namespace rs::ui::LineDiff {

int Result::differingLines() const
{
    return int(leftDiffers.count(true) + rightDiffers.count(true));
}

Result compare(const QStringList &left, const QStringList &right)
{
    const qsizetype n = left.size();
    const qsizetype m = right.size();
    Result r;
    r.leftDiffers.fill(true, n);
    r.rightDiffers.fill(true, m);
    if (n > kMaxLines || m > kMaxLines) {
        for (qsizetype i = 0; i < std::min(n, m); ++i)
            if (left[i] == right[i])
                r.leftDiffers[i] = r.rightDiffers[i] = false;
        return r;
    }
    // lcs[i][j]: length of the LCS of left[i..] and right[j..].
    std::vector<std::vector<int>> lcs(std::size_t(n + 1), std::vector<int>(std::size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            lcs[i][j] = left[i] == right[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    qsizetype i = 0, j = 0;
    while (i < n && j < m) {
        if (left[i] == right[j]) {
            r.leftDiffers[i++] = false;
            r.rightDiffers[j++] = false;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            ++i;
        } else {
            ++j;
        }
    }
    return r;
}

} // namespace rs::ui::LineDiff
