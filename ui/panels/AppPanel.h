#pragma once

#include "core/control/EngineSettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace rs::control {
class EngineControl;
}

namespace rs::ui {

// The App dock: what the embedded app is made of (routes, hooks in the order they run, the
// middleware chain), where it listens, and its configuration, editable, with Start / Stop /
// Restart. Errors (a port taken, a store that does not answer, bad values) are shown here in
// words. Every function: GUI thread.
class AppPanel : public QWidget {
    Q_OBJECT
public:
    explicit AppPanel(control::EngineControl &engine, QWidget *parent = nullptr);

    // The settings as the form shows them now.
    control::EngineSettings formSettings() const;
    void setFormSettings(const control::EngineSettings &settings);

public slots:
    // Restart with the form's settings.
    void applyAndRestart();
    void startEngine();
    void stopEngine();

private:
    void refreshStatus();
    void refreshStructure();
    void updateBackendFields();

    control::EngineControl &engine_;
    QLabel *state_;
    QLabel *address_;
    QLabel *session_;
    QLabel *secretInfo_;
    QLabel *message_;
    QPushButton *start_;
    QPushButton *stop_;
    QPushButton *restart_;
    QLineEdit *host_;
    QSpinBox *port_;
    QCheckBox *nextPorts_;
    QSpinBox *threads_;
    QComboBox *workers_;
    QComboBox *ident_;
    QComboBox *sessionType_;
    QLineEdit *redisUrl_;
    QLineEdit *memcached_;
    QLineEdit *sessionDir_;
    QLineEdit *sqliteFile_;
    QLineEdit *secret_;
    QSpinBox *lifetime_;
    QComboBox *lifetimeUnit_;
    QCheckBox *refresh_;
    QCheckBox *useSigner_;
    QTableWidget *routes_;
    QTableWidget *hooks_;
    QLabel *middleware_;
};

} // namespace rs::ui
