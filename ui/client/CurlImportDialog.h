#pragma once

#include "ui/client/CurlCommand.h"

#include <QDialog>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace rs::ui {

// "Import cURL…": a box to paste a curl command line into. Import reads it; when it cannot be
// read the dialog stays open, says why under the box and puts the cursor on the offending word.
// Starts with the clipboard's text when that looks like a curl command. Every function: GUI thread.
class CurlImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit CurlImportDialog(QWidget *parent = nullptr);

    // The request read by the last successful accept(); nullopt before.
    const std::optional<CurlCommand> &command() const { return command_; }

    // Reads the text: accepts the dialog, or shows the error and stays open.
    void accept() override;

    QPlainTextEdit *textEdit() const { return text_; }
    QLabel *errorLabel() const { return error_; }
    QPushButton *importButton() const { return import_; }

private:
    QPlainTextEdit *text_;
    QLabel *error_;
    QPushButton *import_;
    std::optional<CurlCommand> command_;
};

} // namespace rs::ui
