#pragma once

#include "core/framework/Scaffold.h"

#include <QString>

#include <optional>
#include <vector>

namespace rs {

// Options of app.register_blueprint(bp, url_prefix=…, name=…).
struct RegisterOptions {
    std::optional<QString> urlPrefix; // overrides the blueprint's own
    QString name;                     // registers under another name (empty = bp.name)
};

// A Flask blueprint. The article's
//     us = Blueprint('us', __name__, url_prefix='/xx')
// reads in C++ as
//     rs::Blueprint us("us", {.urlPrefix = "/xx"});
// Routes and hooks are recorded here and copied into the app when it is registered
// (app.registerBlueprint(us)); blueprint-scoped hooks run only for that blueprint's endpoints.
class Blueprint : public Scaffold {
public:
    struct Options {
        std::optional<QString> urlPrefix;
    };

    // Throws std::invalid_argument when the name is empty or contains a dot (Flask's ValueError).
    explicit Blueprint(QString name, Options options = {});

    void route(const QString &rule, const QString &endpoint, View view, RouteOptions options = {}) override;
    // Hooks for every request of the app, registered from the blueprint (before_app_request …).
    void beforeAppRequest(const QString &name, BeforeRequestHook hook);
    void afterAppRequest(const QString &name, AfterRequestHook hook);
    void teardownAppRequest(const QString &name, TeardownHook hook);
    void appErrorHandler(int code, const QString &name, ErrorHandler handler);
    // bp.register_blueprint(child): nesting; the child's endpoints become "bp.child.view".
    void registerBlueprint(Blueprint &child, RegisterOptions options = {});

    struct RouteRecord {
        QString rule;
        QString endpoint;
        View view;
        RouteOptions options;
    };
    struct Child {
        Blueprint *blueprint;
        RegisterOptions options;
    };

    const std::optional<QString> &urlPrefix() const { return urlPrefix_; }
    const std::vector<RouteRecord> &routes() const { return routes_; }
    const HookSet &appHooks() const { return appHooks_; }
    const std::vector<Child> &children() const { return children_; }

private:
    std::optional<QString> urlPrefix_;
    std::vector<RouteRecord> routes_;
    HookSet appHooks_;
    std::vector<Child> children_;
};

} // namespace rs
