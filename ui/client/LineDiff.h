#pragma once

#include <QList>
#include <QStringList>

namespace rs::ui::LineDiff {

// Which lines of `left` and of `right` are not part of their longest common subsequence of
// lines (the lines a side-by-side view marks). Beyond kMaxLines lines a side, lines are compared
// by position instead (the LCS table would grow too large).
struct Result {
    QList<bool> leftDiffers;
    QList<bool> rightDiffers;
    int differingLines() const;
};

constexpr qsizetype kMaxLines = 2000;

Result compare(const QStringList &left, const QStringList &right);

} // namespace rs::ui::LineDiff
