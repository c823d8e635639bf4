#include "runtime/cgroup_v2_devices.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/unique_fd.h"

namespace juxta::runtime {
namespace {

bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
    bpf_insn i{};
    i.code = code;
    i.dst_reg = dst & 0xf;
    i.src_reg = src & 0xf;
    i.off = off;
    i.imm = imm;
    return i;
}
bpf_insn loadWord(uint8_t dst, int16_t offset) {
    return insn(BPF_LDX | BPF_MEM | BPF_W, dst, BPF_REG_1, offset, 0);
}
bpf_insn alu32(uint8_t op, uint8_t dst, int32_t imm) {
    return insn(BPF_ALU | op | BPF_K, dst, 0, 0, imm);
}
bpf_insn jumpIfNot(uint8_t reg, int32_t value, int16_t skip) {
    return insn(BPF_JMP | BPF_JNE | BPF_K, reg, 0, skip, value);
}
bpf_insn returnValue(int32_t v) {
    return insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, v);
}
bpf_insn exitInsn() {
    return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

}  // namespace

std::vector<bpf_insn> deviceProgram(std::span<const DeviceRule> rules) {
    // struct bpf_cgroup_dev_ctx { u32 access_type (access << 16 | type); u32 major; u32 minor; }
    std::vector<bpf_insn> p = {
        loadWord(BPF_REG_2, 0), alu32(BPF_AND, BPF_REG_2, 0xffff),  // r2 = type
        loadWord(BPF_REG_3, 0), alu32(BPF_RSH, BPF_REG_3, 16),      // r3 = access
        loadWord(BPF_REG_4, 4),                                     // r4 = major
        loadWord(BPF_REG_5, 8),                                     // r5 = minor
    };
    for (const DeviceRule& r : rules) {
        std::vector<bpf_insn> checks;
        checks.push_back(jumpIfNot(BPF_REG_2, r.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, 0));
        if (r.major >= 0) checks.push_back(jumpIfNot(BPF_REG_4, r.major, 0));
        if (r.minor >= 0) checks.push_back(jumpIfNot(BPF_REG_5, r.minor, 0));
        if (r.mknodOnly) {  // allowed when the access asks for nothing but mknod
            checks.push_back(insn(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_3, 0, 0));
            checks.push_back(alu32(BPF_AND, BPF_REG_6, ~int32_t(BPF_DEVCG_ACC_MKNOD)));
            checks.push_back(jumpIfNot(BPF_REG_6, 0, 0));
        }
        // Every failed check jumps past this rule's "return 1".
        for (std::size_t i = 0; i < checks.size(); ++i)
            if (BPF_CLASS(checks[i].code) == BPF_JMP && BPF_OP(checks[i].code) == BPF_JNE)
                checks[i].off = int16_t(checks.size() - i - 1 + 2);
        p.insert(p.end(), checks.begin(), checks.end());
        p.push_back(returnValue(1));
        p.push_back(exitInsn());
    }
    p.push_back(returnValue(0));
    p.push_back(exitInsn());
    return p;
}

Status attachDeviceProgram(int cgroupDirFd, std::span<const DeviceRule> rules) {
    const std::vector<bpf_insn> program = deviceProgram(rules);
    auto load = [&](char* log, uint32_t logSize) {
        bpf_attr attr{};
        attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
        attr.insns = uint64_t(reinterpret_cast<uintptr_t>(program.data()));
        attr.insn_cnt = uint32_t(program.size());
        attr.license = uint64_t(reinterpret_cast<uintptr_t>("GPL"));
        attr.log_buf = uint64_t(reinterpret_cast<uintptr_t>(log));
        attr.log_size = logSize;
        attr.log_level = log ? 1 : 0;
        return int(::syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr));
    };
    UniqueFd prog(load(nullptr, 0));
    if (!prog) {
        const int err = errno;
        std::vector<char> log(1 << 16);  // again, for the verifier's reason (the end of its log)
        (void)load(log.data(), uint32_t(log.size()));
        std::string why(log.data());
        if (why.size() > 300) why = "..." + why.substr(why.size() - 300);
        return Error(err, std::string("load the device program: ") + std::strerror(err) +
                              (why.empty() ? "" : ": " + why));
    }
    bpf_attr attach{};
    attach.target_fd = uint32_t(cgroupDirFd);
    attach.attach_bpf_fd = uint32_t(prog.get());
    attach.attach_type = BPF_CGROUP_DEVICE;
    if (::syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach) < 0)
        return Error::fromErrno("attach the device program to the cgroup");
    return {};
}

}  // namespace juxta::runtime
