/* The per-CPU areas (kernel/percpu.h). */
#include "kernel/percpu.h"

struct cpu_local cpu_data[NR_CPUS];
