// The subset of ONNX's protobuf schema (onnx/onnx.proto, IR version 8) that
// the emitter writes: a model with one graph of nodes, initializers, typed
// inputs and outputs. Field numbers are the schema's; nothing else is needed
// to build a model ONNX Runtime loads.
import protobuf from 'protobufjs';

/** TensorProto.DataType */
export const DataType = { FLOAT: 1, UINT8: 2, UINT16: 4, INT32: 6, INT64: 7, BOOL: 9 } as const;
type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

const field = (type: string, id: number, rule?: 'repeated') => (rule ? { type, id, rule } : { type, id });

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        OperatorSetIdProto: { fields: { domain: field('string', 1), version: field('int64', 2) } },
        TensorShapeProto: {
          fields: { dim: field('Dimension', 1, 'repeated') },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: field('int64', 1), dimParam: field('string', 2) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: field('Tensor', 1) },
          nested: {
            Tensor: { fields: { elemType: field('int32', 1), shape: field('TensorShapeProto', 2) } },
          },
        },
        ValueInfoProto: { fields: { name: field('string', 1), type: field('TypeProto', 2) } },
        TensorProto: {
          fields: {
            dims: field('int64', 1, 'repeated'),
            dataType: field('int32', 2),
            name: field('string', 8),
            rawData: field('bytes', 9),
          },
        },
        AttributeProto: {
          fields: {
            name: field('string', 1),
            f: field('float', 2),
            i: field('int64', 3),
            s: field('bytes', 4),
            t: field('TensorProto', 5),
            floats: field('float', 7, 'repeated'),
            ints: field('int64', 8, 'repeated'),
            type: field('int32', 20),
          },
        },
        NodeProto: {
          fields: {
            input: field('string', 1, 'repeated'),
            output: field('string', 2, 'repeated'),
            name: field('string', 3),
            opType: field('string', 4),
            attribute: field('AttributeProto', 5, 'repeated'),
            docString: field('string', 6),
            domain: field('string', 7),
          },
        },
        GraphProto: {
          fields: {
            node: field('NodeProto', 1, 'repeated'),
            name: field('string', 2),
            initializer: field('TensorProto', 5, 'repeated'),
            docString: field('string', 10),
            input: field('ValueInfoProto', 11, 'repeated'),
            output: field('ValueInfoProto', 12, 'repeated'),
          },
        },
        ModelProto: {
          fields: {
            irVersion: field('int64', 1),
            producerName: field('string', 2),
            producerVersion: field('string', 3),
            docString: field('string', 6),
            graph: field('GraphProto', 7),
            opsetImport: field('OperatorSetIdProto', 8, 'repeated'),
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(SCHEMA);
const ModelProto = root.lookupType('onnx.ModelProto');

export interface TensorMessage {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: DataTypeCode;
  readonly rawData: Uint8Array;
}

export interface AttributeMessage {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
  readonly s?: Uint8Array;
  readonly t?: TensorMessage;
  readonly ints?: readonly number[];
  readonly floats?: readonly number[];
}

export interface NodeMessage {
  readonly opType: string;
  readonly name: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly AttributeMessage[];
  readonly docString?: string;
}

interface ValueInfoMessage {
  readonly name: string;
  readonly elemType: DataTypeCode;
  /** Numbers are fixed sizes; strings name a dimension known only at run time (the row count). */
  readonly shape: readonly (number | string)[];
}

interface ModelMessage {
  readonly graphName: string;
  readonly docString: string;
  readonly nodes: readonly NodeMessage[];
  readonly initializers: readonly TensorMessage[];
  readonly inputs: readonly ValueInfoMessage[];
  readonly outputs: readonly ValueInfoMessage[];
  readonly opset: number;
}

const valueInfo = (info: ValueInfoMessage) => ({
  name: info.name,
  type: {
    tensorType: {
      elemType: info.elemType,
      shape: { dim: info.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

/** IR version 8 (ONNX 1.10+): what opset 17 models declare. */
const IR_VERSION = 8;

/** The serialized model: the bytes ONNX Runtime loads. Deterministic: same message, same bytes. */
export function encodeModel(model: ModelMessage): Uint8Array {
  const message = ModelProto.fromObject({
    irVersion: IR_VERSION,
    producerName: 'mtl',
    producerVersion: '1',
    docString: model.docString,
    opsetImport: [{ domain: '', version: model.opset }],
    graph: {
      name: model.graphName,
      node: model.nodes,
      initializer: model.initializers,
      input: model.inputs.map(valueInfo),
      output: model.outputs.map(valueInfo),
    },
  });
  return ModelProto.encode(message).finish();
}
