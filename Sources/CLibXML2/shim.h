#ifndef POLICYGRAPH_CLIBXML2_SHIM_H
#define POLICYGRAPH_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#endif
