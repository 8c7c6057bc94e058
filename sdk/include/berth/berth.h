#pragma once
// Convenience: the whole plugin SDK.
#include <berth/config.h>
#include <berth/context.h>
#include <berth/http.h>
#include <berth/log.h>
#include <berth/plugin.h>
#include <berth/routes.h>
#include <berth/storage.h>
#include <berth/tasks.h>
