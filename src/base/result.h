// base/result.h: the internal spelling of cella::Result / CELLA_TRY (see cella/result.h).
#pragma once

#include "cella/result.h"
