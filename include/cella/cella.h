// cella/cella.h: the Cella embedding API in one include. See docs/embedding.md.
#pragma once

#include "cella/engine.h"
#include "cella/error.h"
#include "cella/instance.h"
#include "cella/module.h"
#include "cella/result.h"
#include "cella/store.h"
#include "cella/trap.h"
#include "cella/types.h"
#include "cella/value.h"
