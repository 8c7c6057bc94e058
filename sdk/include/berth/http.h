#pragma once
// Everything a route handler sees.
#include <berth/headers.h>
#include <berth/http_error.h>
#include <berth/method.h>
#include <berth/request.h>
#include <berth/response.h>
