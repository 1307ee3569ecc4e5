#!/usr/bin/env python3
"""From W1's reconstruction graph as emitted (npx mtl compile bench/specs/w1.mtl --emit onnx
--out DIR), two variants of a design measured and not adopted (docs/benchmarks.md,
2026-11-30 19:15 UTC), written beside it:

  w1.no-decoder-update.onnx  without the decoder's gradient and update (gWd, gbd), handing
                             dz and the code out instead (for another thread to finish)
  w1.no-loss.onnx            without J_r, handing z out instead; loss-only.onnx computes J_r
                             from z, x and the loss factor, as the step graph does

  /usr/bin/python3 bench/probes/w1-variants.py DIR
"""
import os, sys
import numpy as np
import onnx
from onnx import helper as h, TensorProto as T, numpy_helper as nh

DIR = sys.argv[1]
WHOLE = os.path.join(DIR, "w1.reconstruction.d0.loss.onnx")


def producers(graph):
    return {out: node for node in graph.node for out in node.output}


def ancestors(graph, values):
    made, seen, todo = producers(graph), {}, list(values)
    while todo:
        node = made.get(todo.pop())
        if node is not None and id(node) not in seen:
            seen[id(node)] = node
            todo.extend(node.input)
    return seen


def rewrite(dropped_outputs, check_inputs_out, zero_inputs, new_outputs, name):
    model = onnx.load(WHOLE)
    g = model.graph
    keep_values = [o.name for o in g.output if o.name not in dropped_outputs and o.name != "check"] + [v for v, _ in new_outputs]
    check = next(n for n in g.node if n.op_type == "Concat" and "check" in n.output)
    inputs = [("zero" if i in zero_inputs else i) for i in check.input if i not in check_inputs_out]
    del check.input[:]
    check.input.extend(inputs)
    keep = ancestors(g, keep_values + list(check.input))
    nodes = [n for n in g.node if id(n) in keep or n is check]
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.append(nh.from_array(np.zeros([1], np.float32), "zero"))
    outputs = [o for o in g.output if o.name not in dropped_outputs]
    del g.output[:]
    g.output.extend(outputs)
    next(o for o in g.output if o.name == "check").type.tensor_type.shape.dim[0].dim_value = len(check.input)
    g.output.extend([h.make_tensor_value_info(v, T.FLOAT, shape) for v, shape in new_outputs])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(DIR, name))


rewrite({"param:h1.decoder.W", "param:h1.decoder.b"}, {"sum_Wd_h1", "sum_bd_h1"}, set(),
        [("dz_h1_r", ["rows", 784]), ("code_h1", ["rows", 50])], "w1.no-decoder-update.onnx")
rewrite(set(), set(), {"Jw_0"}, [("z_h1", ["rows", 784])], "w1.no-loss.onnx")

N = h.make_node
nodes = [N("Sigmoid", ["z"], ["y"]),
         N("ReduceSum", ["z"], ["sz"], keepdims=0), N("ReduceL1", ["z"], ["l1"], keepdims=0), N("Add", ["sz", "l1"], ["a"]),
         N("Mul", ["a", "half"], ["relu"]), N("Mul", ["x", "z"], ["xz"]), N("ReduceSum", ["xz"], ["sxz"], keepdims=0),
         N("Sub", ["one", "y"], ["oms"]), N("Max", ["y", "oms"], ["m"]), N("Reshape", ["m", "shp"], ["ch"]),
         N("ReduceProd", ["ch"], ["pr"], axes=[1], keepdims=0), N("Log", ["pr"], ["lg"]), N("ReduceSum", ["lg"], ["slg"], keepdims=0),
         N("Sub", ["relu", "sxz"], ["t"]), N("Sub", ["t", "slg"], ["J0"]), N("Mul", ["J0", "lf"], ["J"])]
graph = h.make_graph(nodes, "loss", [h.make_tensor_value_info(n, T.FLOAT, s) for n, s in [("z", ["rows", 784]), ("x", ["rows", 784]), ("lf", [1])]],
                     [h.make_tensor_value_info("J", T.FLOAT, [1])],
                     initializer=[nh.from_array(np.array(v, d), n) for n, v, d in [("one", 1, np.float32), ("half", 0.5, np.float32), ("shp", [-1, 112], np.int64)]])
model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
onnx.checker.check_model(model)
onnx.save(model, os.path.join(DIR, "loss-only.onnx"))
print("wrote", DIR)
