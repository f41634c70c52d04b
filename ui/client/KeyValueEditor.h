#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

class QTableWidget;

namespace rs::ui {

// A two-column name/value table with Add and Remove buttons: the client's query parameters
// and request headers. Rows with an empty name are ignored. Every function: GUI thread.
class KeyValueEditor : public QWidget {
    Q_OBJECT
public:
    using Pairs = QList<QPair<QString, QString>>;

    KeyValueEditor(const QString &nameTitle, const QString &valueTitle, QWidget *parent = nullptr);

    Pairs pairs() const;
    // Replaces the rows without emitting edited().
    void setPairs(const Pairs &pairs);
    void addRow(const QString &name = {}, const QString &value = {});
    QTableWidget *table() const { return table_; }

signals:
    // The user changed, added or removed a row.
    void edited();

private:
    QTableWidget *table_;
    bool filling_ = false;
};

} // namespace rs::ui
