#ifndef POLICYGRAPH_CLIBXML2_SHIM_H
#define POLICYGRAPH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> would pull in the system ICU
   headers, whose UErrorCode clashes with the copy inside Foundation (_FoundationICU) and stops
   any Swift file importing both from compiling. PolicyGraph never touches libxml2's ICU
   converter fields (encoding handlers are only used through pointers), so leave them out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/entities.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#endif
