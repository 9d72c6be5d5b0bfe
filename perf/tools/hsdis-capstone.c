/* A minimal hsdis for HotSpot (the JDK 9+ entry point, decode_instructions_virtual) on Capstone, so that
 * -XX:+PrintAssembly and JMH's perfasm disassemble on a JDK that ships no hsdis.
 * Build and install: see perf/README.md. */
#include <stdint.h>
#include <stddef.h>
#include <capstone/capstone.h>

typedef void* (*event_callback_t)(void*, const char*, void*);
typedef int (*printf_callback_t)(void*, const char*, ...);

void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
                                  unsigned char* buffer, uintptr_t length,
                                  event_callback_t event_callback, void* event_stream,
                                  printf_callback_t printf_callback, void* printf_stream,
                                  const char* options, int newline) {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
    return NULL;
  }
  cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
  cs_insn* insn;
  size_t count = cs_disasm(handle, buffer, length, (uintptr_t) buffer, 0, &insn);
  for (size_t j = 0; j < count; j++) {
    (*event_callback)(event_stream, "insn", (void*) insn[j].address);
    (*printf_callback)(printf_stream, "%s\t%s", insn[j].mnemonic, insn[j].op_str);
    (*event_callback)(event_stream, "/insn", (void*) (insn[j].address + insn[j].size));
    if (newline) {
      (*printf_callback)(printf_stream, "\n");
    }
  }
  if (count) {
    cs_free(insn, count);
  }
  cs_close(&handle);
  return NULL;
}
