#!/usr/bin/env python3
"""Graph variants for the probes of docs/benchmarks.md (2026-11-30 19:15 UTC), written
with onnx.helper into OUT (default probe-graphs/), with shapes.json giving each graph's
input shapes for time-graphs.mjs. Run with Debian's python3-onnx: /usr/bin/python3.

  loss_*   the cross-entropy loss of a sigmoid decoder over z, x [600, 784], after the
           gradient's own sigmoid and dz = σ(z) − x (loss_none: those alone)
  xz_*     Σ x·z four ways
  chunks_N the decoder branch of W1's reconstruction step (z, loss, dz, gWd, dcode)
           over N row chunks of the batch
  gemm_*   W1's two products on x̃ (600 × 592 kept columns, 50 units), x̃ as is
           (transA) or given transposed
"""
import json, os, sys
import numpy as np
import onnx
from onnx import helper as h, TensorProto as T, numpy_helper as nh

OUT = sys.argv[1] if len(sys.argv) > 1 else "probe-graphs"
os.makedirs(OUT, exist_ok=True)
R, C, K, U = 600, 784, 592, 50
shapes = {}


def save(name, nodes, inputs, outputs, inits=()):
    graph = h.make_graph(nodes, name, [h.make_tensor_value_info(n, T.FLOAT, s) for n, s in inputs],
                         [h.make_tensor_value_info(n, T.FLOAT, s) for n, s in outputs], initializer=list(inits))
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))
    shapes[name] = dict(inputs)


const = lambda name, value, dtype=np.float32: nh.from_array(np.array(value, dtype), name)
N = h.make_node


def gradient(z, x, p=""):
    return [N("Sigmoid", [z], ["y" + p]), N("Sub", ["y" + p, x], ["dz" + p])]


def relu_sum(z, p=""):  # Σ relu(z) = ½(Σ z + Σ |z|)
    return [N("ReduceSum", [z], ["sz" + p], keepdims=0), N("ReduceL1", [z], ["l1" + p], keepdims=0),
            N("Add", ["sz" + p, "l1" + p], ["a" + p]), N("Mul", ["a" + p, "half"], ["relu" + p])]


def xz_sum(x, z, p=""):
    return [N("Mul", [x, z], ["xz" + p]), N("ReduceSum", ["xz" + p], ["sxz" + p], keepdims=0)]


def log_tail(p="", shape="shp", axis=1):  # Σ log max(σ, 1 − σ), one log per chunk of a product
    return [N("Sub", ["one", "y" + p], ["oms" + p]), N("Max", ["y" + p, "oms" + p], ["m" + p]),
            N("Reshape", ["m" + p, shape], ["ch" + p]),
            N("ReduceProd", ["ch" + p], ["pr" + p], axes=[axis], keepdims=0),
            N("Log", ["pr" + p], ["lg" + p]), N("ReduceSum", ["lg" + p], ["slg" + p], keepdims=0)]


def finish(parts, p=""):  # J plus Σ dz, so that nothing is pruned
    return parts + [N("ReduceSum", ["dz" + p], ["sdz" + p], keepdims=0), N("Add", ["J0" + p, "sdz" + p], ["J" + p])]


zx = [("z", [R, C]), ("x", [R, C])]
J = [("J", [])]
common = [const("one", 1), const("half", 0.5), const("shp", [R * C // 112, 112], np.int64)]
emitted = relu_sum("z") + xz_sum("x", "z") + log_tail() + [N("Sub", ["relu", "sxz"], ["t"]), N("Sub", ["t", "slg"], ["J0"])]
save("loss_none", gradient("z", "x") + [N("ReduceSum", ["dz"], ["J"], keepdims=0)], zx, J)
save("loss_as_emitted", finish(gradient("z", "x") + emitted), zx, J, common)
per_entry_log = [N("Sub", ["one", "y"], ["oms"]), N("Max", ["y", "oms"], ["m"]), N("Log", ["m"], ["lg"]),
                 N("ReduceSum", ["lg"], ["slg"], keepdims=0)]
save("loss_log_per_entry", finish(gradient("z", "x") + relu_sum("z") + xz_sum("x", "z") + per_entry_log
                                  + [N("Sub", ["relu", "sxz"], ["t"]), N("Sub", ["t", "slg"], ["J0"])]), zx, J, common)
save("loss_softplus_op", finish(gradient("z", "x") + [N("Softplus", ["z"], ["sp"]), N("ReduceSum", ["sp"], ["ssp"], keepdims=0)]
                                + xz_sum("x", "z") + [N("Sub", ["ssp", "sxz"], ["J0"])]), zx, J)
save("loss_relu_op", finish(gradient("z", "x") + [N("Relu", ["z"], ["rz"]), N("Mul", ["x", "z"], ["xz"]), N("Sub", ["rz", "xz"], ["lin"]),
                                                  N("ReduceSum", ["lin"], ["slin"], keepdims=0)] + log_tail()
                            + [N("Sub", ["slin", "slg"], ["J0"])]), zx, J, common)
for name, shape, axis in [("loss_prod_axis0_112", [112, R * C // 112], 0), ("loss_prod_axis0_56", [56, R * C // 56], 0),
                          ("loss_prod_axis1_56", [R * C // 56, 56], 1)]:
    save(name, finish(gradient("z", "x") + relu_sum("z") + xz_sum("x", "z") + log_tail(shape="shp2", axis=axis)
                      + [N("Sub", ["relu", "sxz"], ["t"]), N("Sub", ["t", "slg"], ["J0"])]), zx, J,
         common + [const("shp2", shape, np.int64)])

save("xz_mul_reducesum", xz_sum("x", "z") + [N("Identity", ["sxz"], ["J"])], zx, J)
save("xz_batched_matmul", [N("Reshape", ["x", "s1"], ["x3"]), N("Reshape", ["z", "s2"], ["z3"]), N("MatMul", ["x3", "z3"], ["d"]),
                           N("ReduceSum", ["d"], ["J"], keepdims=0)], zx, J,
     [const("s1", [R, 1, C], np.int64), const("s2", [R, C, 1], np.int64)])
save("xz_einsum", [N("Einsum", ["x", "z"], ["J"], equation="ij,ij->")], zx, J)
save("xz_one_dot", [N("Reshape", ["x", "s3"], ["x2"]), N("Reshape", ["z", "s4"], ["z2"]), N("MatMul", ["x2", "z2"], ["d"]),
                    N("ReduceSum", ["d"], ["J"], keepdims=0)], zx, J,
     [const("s3", [1, R * C], np.int64), const("s4", [R * C, 1], np.int64)])

for chunks in [1, 2, 3, 4, 6]:
    rows = R // chunks
    nodes = [N("Split", ["code", "splits"], [f"code{i}" for i in range(chunks)], axis=0)] if chunks > 1 else [N("Identity", ["code"], ["code0"])]
    for i in range(chunks):
        p = f"_{i}"
        shp = f"shp{i}"
        nodes += [N("Gemm", [f"code{i}", "Wd", "bd"], ["z" + p])] + gradient("z" + p, f"x{i}", p) + relu_sum("z" + p, p) \
            + xz_sum(f"x{i}", "z" + p, p) + log_tail(p, "shpc") \
            + [N("Sub", ["relu" + p, "sxz" + p], ["t" + p]), N("Sub", ["t" + p, "slg" + p], ["J" + p]),
               N("ReduceSum", ["dz" + p, "ax0"], ["gbd" + p], keepdims=0), N("Mul", [f"code{i}", "f"], ["cf" + p]),
               N("Gemm", ["cf" + p, "dz" + p], ["gWd" + p], transA=1), N("Gemm", ["dz" + p, "Wd"], ["dcode" + p], transB=1)]
    nodes += [N("Sum", [f"gWd_{i}" for i in range(chunks)], ["gWd"]), N("Sum", [f"gbd_{i}" for i in range(chunks)], ["gbd"]),
              N("Sum", [f"J_{i}" for i in range(chunks)], ["J"]),
              N("Concat", [f"dcode_{i}" for i in range(chunks)], ["dcode"], axis=0) if chunks > 1 else N("Identity", ["dcode_0"], ["dcode"])]
    save(f"chunks_{chunks}", nodes, [("code", [R, U]), ("Wd", [U, C]), ("bd", [C]), ("f", [])] + [(f"x{i}", [rows, C]) for i in range(chunks)],
         [("gWd", [U, C]), ("gbd", [C]), ("J", []), ("dcode", [R, U])],
         [const("one", 1), const("half", 0.5), const("shpc", [rows * C // 112, 112], np.int64),
          const("splits", [rows] * chunks, np.int64), const("ax0", [0], np.int64)])

save("gemm_gWc_transA", [N("Gemm", ["A", "B"], ["Y"], transA=1)], [("A", [R, K]), ("B", [R, U])], [("Y", [K, U])])
save("gemm_gWc_given_transposed", [N("Gemm", ["A", "B"], ["Y"])], [("A", [K, R]), ("B", [R, U])], [("Y", [K, U])])
save("gemm_code_as_is", [N("Gemm", ["A", "B", "c"], ["Y"])], [("A", [R, K]), ("B", [K, U]), ("c", [U])], [("Y", [R, U])])
save("gemm_code_transA", [N("Gemm", ["A", "B", "c"], ["Y"], transA=1)], [("A", [K, R]), ("B", [K, U]), ("c", [U])], [("Y", [R, U])])

with open(os.path.join(OUT, "shapes.json"), "w") as f:
    json.dump(shapes, f, indent=1)
print(f"wrote {len(shapes)} graphs to {OUT}")
