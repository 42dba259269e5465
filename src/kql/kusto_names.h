/*
 * kusto_names.h - names that Kusto has but kq does not implement (yet), so that the binder can
 * say "not supported yet" for them and "unknown" only for names Kusto does not have either.
 */
#ifndef KQ_KUSTO_NAMES_H
#define KQ_KUSTO_NAMES_H

#include <stdbool.h>

bool kq_kusto_has_function(const char *name);
bool kq_kusto_has_operator(const char *name);

#endif
