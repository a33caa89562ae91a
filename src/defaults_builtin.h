/* The built-in defaults layer (private to the loader and the check). */
#ifndef UHP_DEFAULTS_BUILTIN_H
#define UHP_DEFAULTS_BUILTIN_H

extern const char uhp_builtin_defaults_yaml[];
extern const unsigned long uhp_builtin_defaults_len;

#endif
