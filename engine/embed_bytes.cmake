# cmake -DIN=FILE -DOUT=FILE.inc -DNAME=IDENTIFIER -P embed_bytes.cmake: FILE's bytes as a C++ array.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// Generated at build time from ${IN}.\nconstexpr unsigned char ${NAME}[] = {\n${bytes}};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
