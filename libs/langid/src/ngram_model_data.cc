// Links data/langid/ngram_model.bin into the library as read-only data, so the detector needs no
// file at run time and no load step. NEWSFLOW_LANGID_MODEL_FILE (the file's path) is set by
// libs/langid/CMakeLists.txt, which also rebuilds this file when the model changes.
#ifndef NEWSFLOW_LANGID_MODEL_FILE
#error "NEWSFLOW_LANGID_MODEL_FILE must name the n-gram model file"
#endif

asm(".pushsection .rodata.newsflow_langid_model,\"a\",@progbits\n"
    ".balign 16\n"
    ".globl newsflow_langid_model_begin\n"
    ".hidden newsflow_langid_model_begin\n"
    "newsflow_langid_model_begin:\n"
    ".incbin \"" NEWSFLOW_LANGID_MODEL_FILE
    "\"\n"
    ".globl newsflow_langid_model_end\n"
    ".hidden newsflow_langid_model_end\n"
    "newsflow_langid_model_end:\n"
    ".popsection\n");
