// Generated from spec/openapi.yaml by scripts/generate.ts. Do not edit: run `pnpm generate`.

/** The OpenAPI document, parsed once at build time so hosts never read YAML at run time. */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "forestfn prediction API",
    "version": "1.0.0",
    "summary": "Predictions from a random forest trained on the repository's dataset.",
    "description": "Serves a random forest (`ml-random-forest`) trained in the build from `data/`.\n\nThis document is the contract: the feature names, their order, the class labels, the request\nlimits and every error shape below are read by the trainer, the server's request validation,\nthe typed client and the mocks. Change the model's inputs or outputs here first.\n\nAuthentication: when the service is configured with a key, `POST /api/predict` and\n`GET /api/model` need it, as the `x-functions-key` header or the `code` query parameter (as\nAzure Functions does), and so do the Open Inference Protocol's model metadata and inference\nunder `/v2`. Health, readiness and this document are always open.\n\nEvery response carries `x-request-id` (the caller's, when it sent a valid one) and\n`x-model-version`, and a deployed build also `x-build-commit` (the commit it was packaged from).\nErrors are RFC 9457 problem details (`application/problem+json`), also\nfor a path that does not exist (404, `not_found`) and a method a route does not have (405).\nUnder `/v2` (the Open Inference Protocol V2) errors are that protocol's `{\"error\": \"...\"}`.\n\nAPI reference: `GET /api/docs` is this document as an HTML page (Swagger UI), served with its\nscript and style sheet by the API itself, from no other host, under a Content-Security-Policy.\nIt is open, like health and this document.\n\nBrowsers (CORS): pages from the origins in the host's setting `FORESTFN_CORS_ORIGINS`\n(comma-separated, e.g. `https://app.example.com,http://localhost:5173`; none by default) may\ncall every route. Their preflights are answered 204, without a key, allowing the route's\nmethods and the request headers asked for; every answer to them carries\n`Access-Control-Allow-Origin` and exposes the headers in `x-forestfn.cors.exposeHeaders`, so a\npage can read the request id and the model version. No cookies are involved (the key is a\nheader). An origin not listed gets no CORS headers, and its preflight the usual 405. With\norigins set, every answer carries `Vary: Origin`. The local host, the Azure Functions app and\n`@forestfn/mock` (option `corsOrigins`) answer alike.\n",
    "license": {
      "name": "MIT",
      "identifier": "MIT"
    }
  },
  "servers": [
    {
      "url": "http://localhost:7071",
      "description": "Local host (`pnpm start`)"
    }
  ],
  "tags": [
    {
      "name": "predictions",
      "description": "Run the model."
    },
    {
      "name": "model",
      "description": "What is being served."
    },
    {
      "name": "operations",
      "description": "Health and discovery, always open."
    },
    {
      "name": "open-inference",
      "description": "The Open Inference Protocol V2 (REST), as KServe, MLServer and Triton speak it\n(github.com/kserve/open-inference-protocol), over the same model, limits and key as `/api`.\n"
    }
  ],
  "x-forestfn": {
    "maxBodyBytes": 1048576,
    "cors": {
      "originsSetting": "FORESTFN_CORS_ORIGINS",
      "exposeHeaders": [
        "x-request-id",
        "x-model-version",
        "x-build-commit",
        "retry-after"
      ],
      "maxAgeSeconds": 600
    }
  },
  "paths": {
    "/api/predict": {
      "post": {
        "operationId": "predict",
        "tags": [
          "predictions"
        ],
        "summary": "Predict the class of one or more rows.",
        "description": "Two request forms share this route.\n\n- **Typed** (`application/json` object): `{\"instances\": [{...named features...}]}`, answered\n  with one prediction per instance (label and class probabilities: the share of trees voting\n  for each class, or for a forest imported from scikit-learn its `predict_proba`) and the\n  model's identity.\n- **Seed-compatible** (`application/json` array): a bare array of feature rows, each row the\n  feature values in the order of `Instance`'s properties, answered with a bare array of\n  labels, one per row. This is what the service forestfn replaces accepted, unchanged.\n\nAt most 1000 rows or instances per request.\n",
        "security": [
          {
            "functionKeyHeader": []
          },
          {
            "functionKeyQuery": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/PredictRequest"
                  },
                  {
                    "$ref": "#/components/schemas/PredictRowsRequest"
                  }
                ]
              },
              "examples": {
                "typed": {
                  "summary": "Typed form, named features",
                  "value": {
                    "instances": [
                      {
                        "sepal_length": 5.1,
                        "sepal_width": 3.5,
                        "petal_length": 1.4,
                        "petal_width": 0.2
                      }
                    ]
                  }
                },
                "rows": {
                  "summary": "Seed-compatible form, bare rows",
                  "value": [
                    [
                      5.1,
                      3.5,
                      1.4,
                      0.2
                    ],
                    [
                      7,
                      3.2,
                      4.7,
                      1.4
                    ]
                  ]
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "One prediction per row, in request order.",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              },
              "x-model-version": {
                "$ref": "#/components/headers/ModelVersion"
              },
              "x-build-commit": {
                "$ref": "#/components/headers/BuildCommit"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "oneOf": [
                    {
                      "$ref": "#/components/schemas/PredictResponse"
                    },
                    {
                      "$ref": "#/components/schemas/PredictRowsResponse"
                    }
                  ]
                },
                "examples": {
                  "typed": {
                    "summary": "Answer to the typed form",
                    "value": {
                      "model": {
                        "name": "iris-species",
                        "version": "3f2a9c81d04b6e57"
                      },
                      "predictions": [
                        {
                          "label": "setosa",
                          "probabilities": {
                            "setosa": 1,
                            "versicolor": 0,
                            "virginica": 0
                          }
                        }
                      ]
                    }
                  },
                  "rows": {
                    "summary": "Answer to the seed-compatible form",
                    "value": [
                      "setosa",
                      "versicolor"
                    ]
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "405": {
            "$ref": "#/components/responses/MethodNotAllowed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/api/model": {
      "get": {
        "operationId": "getModel",
        "tags": [
          "model"
        ],
        "summary": "The model card of the model being served.",
        "security": [
          {
            "functionKeyHeader": []
          },
          {
            "functionKeyQuery": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The model card.",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              },
              "x-model-version": {
                "$ref": "#/components/headers/ModelVersion"
              },
              "x-build-commit": {
                "$ref": "#/components/headers/BuildCommit"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ModelCard"
                },
                "examples": {
                  "card": {
                    "summary": "A model card",
                    "value": {
                      "name": "iris-species",
                      "version": "3f2a9c81d04b6e57",
                      "target": "species",
                      "features": [
                        {
                          "name": "sepal_length",
                          "min": 4.3,
                          "max": 7.9
                        },
                        {
                          "name": "sepal_width",
                          "min": 2,
                          "max": 4.4
                        },
                        {
                          "name": "petal_length",
                          "min": 1,
                          "max": 6.9
                        },
                        {
                          "name": "petal_width",
                          "min": 0.1,
                          "max": 2.5
                        }
                      ],
                      "labels": [
                        "setosa",
                        "versicolor",
                        "virginica"
                      ],
                      "metrics": {
                        "accuracy": 0.9667,
                        "macroF1": 0.9666,
                        "holdoutRows": 30,
                        "perClass": {
                          "setosa": {
                            "precision": 1,
                            "recall": 1,
                            "f1": 1,
                            "support": 10
                          },
                          "versicolor": {
                            "precision": 0.9091,
                            "recall": 1,
                            "f1": 0.9524,
                            "support": 10
                          },
                          "virginica": {
                            "precision": 1,
                            "recall": 0.9,
                            "f1": 0.9474,
                            "support": 10
                          }
                        },
                        "confusionMatrix": [
                          [
                            10,
                            0,
                            0
                          ],
                          [
                            0,
                            10,
                            0
                          ],
                          [
                            0,
                            1,
                            9
                          ]
                        ]
                      },
                      "featureImportance": {
                        "sepal_length": 0.09,
                        "sepal_width": 0.02,
                        "petal_length": 0.45,
                        "petal_width": 0.44
                      },
                      "hyperparameters": {
                        "nEstimators": 50,
                        "maxFeatures": 1,
                        "replacement": true,
                        "useSampleBagging": true,
                        "seed": 42,
                        "maxDepth": null,
                        "minNumSamples": 3,
                        "gainThreshold": 0.01
                      },
                      "dataset": {
                        "path": "data/iris.csv",
                        "sha256": "91eb642c3adbc7bad8e99c930c11fa3a5cc8a07262c7a753b4e6ecf405f2e05e",
                        "rows": 150,
                        "trainRows": 120
                      },
                      "trainer": {
                        "library": "@forestfn/model",
                        "version": "0.0.0",
                        "compatibleWith": "ml-random-forest@2.1.0"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "405": {
            "$ref": "#/components/responses/MethodNotAllowed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/api/health": {
      "get": {
        "operationId": "health",
        "tags": [
          "operations"
        ],
        "summary": "Liveness and readiness.",
        "description": "Answers 200 once the process is up with its model loaded (a process whose model failed to\nload never starts serving). Never needs a key.\n",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Alive and ready.",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              },
              "x-model-version": {
                "$ref": "#/components/headers/ModelVersion"
              },
              "x-build-commit": {
                "$ref": "#/components/headers/BuildCommit"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                },
                "examples": {
                  "ok": {
                    "summary": "Healthy",
                    "value": {
                      "status": "ok",
                      "ready": true,
                      "model": {
                        "name": "iris-species",
                        "version": "3f2a9c81d04b6e57"
                      },
                      "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                      "uptimeSeconds": 12.5
                    }
                  }
                }
              }
            }
          },
          "405": {
            "$ref": "#/components/responses/MethodNotAllowed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/api/openapi.json": {
      "get": {
        "operationId": "getOpenApi",
        "tags": [
          "operations"
        ],
        "summary": "This document, as JSON.",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              },
              "x-model-version": {
                "$ref": "#/components/headers/ModelVersion"
              },
              "x-build-commit": {
                "$ref": "#/components/headers/BuildCommit"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "openapi",
                    "info",
                    "paths"
                  ],
                  "properties": {
                    "openapi": {
                      "type": "string"
                    },
                    "info": {
                      "type": "object"
                    },
                    "paths": {
                      "type": "object"
                    }
                  }
                },
                "examples": {
                  "document": {
                    "summary": "The document (abridged)",
                    "value": {
                      "openapi": "3.1.0",
                      "info": {
                        "title": "forestfn prediction API",
                        "version": "1.0.0"
                      },
                      "paths": {}
                    }
                  }
                }
              }
            }
          },
          "405": {
            "$ref": "#/components/responses/MethodNotAllowed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/api/docs": {
      "get": {
        "operationId": "getDocs",
        "tags": [
          "operations"
        ],
        "summary": "This API's reference, as an HTML page.",
        "description": "Renders this document (`/api/openapi.json`) with Swagger UI, with \"Try it out\" against the\nhost that serves the page. The page loads its script and style sheet from `/api/docs/{asset}`\nand nothing from any other host; its Content-Security-Policy allows this origin only. Served by\nthe local host and the Azure Functions app; `@forestfn/mock` answers 404 (`not_found`) here, as\na host without the renderer's files does.\n",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The page.",
            "headers": {
              "content-security-policy": {
                "description": "`default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;\nconnect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none';\nframe-ancestors 'none'`\n",
                "schema": {
                  "type": "string"
                }
              },
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              },
              "x-model-version": {
                "$ref": "#/components/headers/ModelVersion"
              },
              "x-build-commit": {
                "$ref": "#/components/headers/BuildCommit"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "405": {
            "$ref": "#/components/responses/MethodNotAllowed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/api/docs/{asset}": {
      "get": {
        "operationId": "getDocsAsset",
        "tags": [
          "operations"
        ],
        "summary": "A file the reference page loads.",
        "description": "Swagger UI's script and style sheet (from the `swagger-ui-dist` package, Apache-2.0) and the\npage's own script. The page asks for them with `?v=` and their content hash: such an answer is\ncached for a year (`immutable`), any other revalidates. Sent gzip-compressed when the request\naccepts it.\n",
        "security": [],
        "parameters": [
          {
            "name": "asset",
            "in": "path",
            "required": true,
            "description": "The file's name.",
            "schema": {
              "type": "string",
              "enum": [
                "swagger-ui-bundle.js",
                "swagger-ui.css",
                "docs.js"
              ]
            }
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The file.",
            "headers": {
              "etag": {
                "description": "The content hash of the file.",
                "schema": {
                  "type": "string"
                }
              },
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "text/javascript": {
                "schema": {
                  "type": "string"
                }
              },
              "text/css": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "304": {
            "description": "The copy named by `If-None-Match` is current."
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "405": {
            "$ref": "#/components/responses/MethodNotAllowed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/v2": {
      "get": {
        "operationId": "v2ServerMetadata",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: server metadata.",
        "description": "The server's name and version. Never needs a key.",
        "security": [],
        "responses": {
          "200": {
            "description": "The server metadata.",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/V2ServerMetadata"
                }
              }
            }
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/health/live": {
      "get": {
        "operationId": "v2ServerLive",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: liveness.",
        "description": "Answers 200 while the process serves requests (a Kubernetes livenessProbe). Never needs a key.",
        "security": [],
        "responses": {
          "200": {
            "description": "Alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/V2ServerLive"
                }
              }
            }
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/health/ready": {
      "get": {
        "operationId": "v2ServerReady",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: readiness.",
        "description": "Answers 200 once the model is loaded (a Kubernetes readinessProbe); a process whose model failed\nto load never starts serving. Never needs a key.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "Ready.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/V2ServerReady"
                }
              }
            }
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/models/{name}": {
      "get": {
        "operationId": "v2ModelMetadata",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: model metadata.",
        "description": "The model's input and output tensors, and in `properties` the orders a client needs: the\nfeatures (the input's columns), the labels (the probabilities' columns) and each categorical\nfeature's categories (its value is the category's index).\n",
        "security": [
          {
            "functionKeyHeader": []
          },
          {
            "functionKeyQuery": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/V2ModelName"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/V2ModelMetadata"
          },
          "400": {
            "$ref": "#/components/responses/V2Error"
          },
          "401": {
            "$ref": "#/components/responses/V2Error"
          },
          "404": {
            "$ref": "#/components/responses/V2Error"
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/models/{name}/versions/{version}": {
      "get": {
        "operationId": "v2ModelVersionMetadata",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: model metadata, of one version.",
        "description": "As `GET /v2/models/{name}`, when `version` is the served model's version; else 404.",
        "security": [
          {
            "functionKeyHeader": []
          },
          {
            "functionKeyQuery": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/V2ModelName"
          },
          {
            "$ref": "#/components/parameters/V2ModelVersion"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/V2ModelMetadata"
          },
          "400": {
            "$ref": "#/components/responses/V2Error"
          },
          "401": {
            "$ref": "#/components/responses/V2Error"
          },
          "404": {
            "$ref": "#/components/responses/V2Error"
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/models/{name}/ready": {
      "get": {
        "operationId": "v2ModelReady",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: model readiness.",
        "description": "Answers 200 with `ready` when the model is loaded, 404 for another name. Never needs a key.",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/V2ModelName"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/V2ModelReady"
          },
          "404": {
            "$ref": "#/components/responses/V2Error"
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/models/{name}/versions/{version}/ready": {
      "get": {
        "operationId": "v2ModelVersionReady",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: model readiness, of one version.",
        "description": "As `GET /v2/models/{name}/ready`, when `version` is the served model's version; else 404.",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/V2ModelName"
          },
          {
            "$ref": "#/components/parameters/V2ModelVersion"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/V2ModelReady"
          },
          "404": {
            "$ref": "#/components/responses/V2Error"
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/models/{name}/infer": {
      "post": {
        "operationId": "v2ModelInfer",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: inference.",
        "description": "The same model, limits and key as `POST /api/predict`, in the protocol's tensors: one FP64\ninput `[N, F]` in the order of `properties.features` of the model metadata (a categorical\nfeature as its category's index), answered with `label` (BYTES `[N]`) and `probabilities`\n(FP64 `[N, C]`, columns in the order of `properties.labels`). N is at most `/api/predict`'s row\nlimit. The request `id` is echoed. `outputs` may pick and order the outputs. The binary tensor\ndata extension is not supported. The body is read as JSON whatever its Content-Type, as the\nprotocol's servers do. Errors are the protocol's `{\"error\": \"...\"}`: 404 for another model, 401\nfor a missing key, 413 for a body over `x-forestfn.maxBodyBytes`, else 400.\n",
        "security": [
          {
            "functionKeyHeader": []
          },
          {
            "functionKeyQuery": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/V2ModelName"
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/V2InferenceRequest"
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/V2InferenceResponse"
          },
          "400": {
            "$ref": "#/components/responses/V2Error"
          },
          "401": {
            "$ref": "#/components/responses/V2Error"
          },
          "404": {
            "$ref": "#/components/responses/V2Error"
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "413": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    },
    "/v2/models/{name}/versions/{version}/infer": {
      "post": {
        "operationId": "v2ModelVersionInfer",
        "tags": [
          "open-inference"
        ],
        "summary": "Open Inference Protocol: inference, on one version.",
        "description": "As `POST /v2/models/{name}/infer`, when `version` is the served model's version; else 404.",
        "security": [
          {
            "functionKeyHeader": []
          },
          {
            "functionKeyQuery": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/V2ModelName"
          },
          {
            "$ref": "#/components/parameters/V2ModelVersion"
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/V2InferenceRequest"
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/V2InferenceResponse"
          },
          "400": {
            "$ref": "#/components/responses/V2Error"
          },
          "401": {
            "$ref": "#/components/responses/V2Error"
          },
          "404": {
            "$ref": "#/components/responses/V2Error"
          },
          "405": {
            "$ref": "#/components/responses/V2Error"
          },
          "413": {
            "$ref": "#/components/responses/V2Error"
          },
          "500": {
            "$ref": "#/components/responses/V2Error"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "functionKeyHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "x-functions-key",
        "description": "The function key, as Azure Functions names it."
      },
      "functionKeyQuery": {
        "type": "apiKey",
        "in": "query",
        "name": "code",
        "description": "The function key as a query parameter, for callers that cannot set headers."
      }
    },
    "parameters": {
      "RequestId": {
        "name": "x-request-id",
        "in": "header",
        "required": false,
        "description": "Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;\notherwise the service generates one.\n",
        "schema": {
          "type": "string",
          "pattern": "^[A-Za-z0-9._:-]{1,128}$"
        }
      },
      "V2ModelName": {
        "name": "name",
        "in": "path",
        "required": true,
        "description": "The served model's name (the model card's `name`); any other is 404.",
        "schema": {
          "type": "string"
        }
      },
      "V2ModelVersion": {
        "name": "version",
        "in": "path",
        "required": true,
        "description": "The served model's version (the content hash in `x-model-version`); any other is 404.",
        "schema": {
          "type": "string"
        }
      }
    },
    "headers": {
      "RequestId": {
        "description": "The request's correlation id (echoed or generated).",
        "schema": {
          "type": "string"
        }
      },
      "ModelVersion": {
        "description": "The content hash of the model being served.",
        "schema": {
          "type": "string"
        }
      },
      "BuildCommit": {
        "description": "The git commit the deployed function app was packaged from (`unknown` when packaging could not\ntell). Sent by deployed builds only; the local host and the mocks leave it out.\n",
        "schema": {
          "type": "string"
        }
      }
    },
    "schemas": {
      "Label": {
        "description": "A class the model predicts. The order of `enum` is the model's order of classes.",
        "type": "string",
        "enum": [
          "setosa",
          "versicolor",
          "virginica"
        ]
      },
      "Instance": {
        "description": "One row of the model's features. The order of these properties is the order of the values in a\nseed-compatible row, and of the columns the model is trained on.\n\n`pnpm adopt` writes the features from the dataset: each one's `type` (a number, or a string\nwith its categories as `enum`), `examples` from the data and, for a number, the range seen in\nthe data as `x-observed-min`/`x-observed-max` (information, not a limit: other values are\nvalid). Descriptions are yours; adopt keeps them.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "sepal_length",
          "sepal_width",
          "petal_length",
          "petal_width"
        ],
        "properties": {
          "sepal_length": {
            "description": "Sepal length in centimetres.",
            "type": "number",
            "examples": [
              5.1,
              7
            ],
            "x-observed-min": 4.3,
            "x-observed-max": 7.9
          },
          "sepal_width": {
            "description": "Sepal width in centimetres.",
            "type": "number",
            "examples": [
              3.5,
              3.2
            ],
            "x-observed-min": 2,
            "x-observed-max": 4.4
          },
          "petal_length": {
            "description": "Petal length in centimetres.",
            "type": "number",
            "examples": [
              1.4,
              4.7
            ],
            "x-observed-min": 1,
            "x-observed-max": 6.9
          },
          "petal_width": {
            "description": "Petal width in centimetres.",
            "type": "number",
            "examples": [
              0.2,
              1.4
            ],
            "x-observed-min": 0.1,
            "x-observed-max": 2.5
          }
        }
      },
      "FeatureRow": {
        "description": "One row of feature values, in the order of `Instance`'s properties.",
        "type": "array",
        "prefixItems": [
          {
            "$ref": "#/components/schemas/Instance/properties/sepal_length"
          },
          {
            "$ref": "#/components/schemas/Instance/properties/sepal_width"
          },
          {
            "$ref": "#/components/schemas/Instance/properties/petal_length"
          },
          {
            "$ref": "#/components/schemas/Instance/properties/petal_width"
          }
        ],
        "items": false,
        "minItems": 4,
        "maxItems": 4
      },
      "PredictRequest": {
        "description": "The typed request form.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "instances"
        ],
        "properties": {
          "instances": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1000,
            "items": {
              "$ref": "#/components/schemas/Instance"
            }
          }
        }
      },
      "PredictRowsRequest": {
        "description": "The seed-compatible request form, a bare array of rows.",
        "type": "array",
        "minItems": 1,
        "maxItems": 1000,
        "items": {
          "$ref": "#/components/schemas/FeatureRow"
        }
      },
      "Probabilities": {
        "description": "The probability of each class; they sum to 1. For a forest forestfn trained, the share of\ntrees voting for the class; for a forest imported from scikit-learn (the model card's\n`importedFrom`), the mean of the trees' leaf class distributions, as its `predict_proba`. The\nlabel is the class voted for most (the first on a tie), or the most probable one (the first on\na tie, as `predict`).\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "setosa",
          "versicolor",
          "virginica"
        ],
        "properties": {
          "setosa": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "versicolor": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "virginica": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          }
        }
      },
      "Prediction": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "label",
          "probabilities"
        ],
        "properties": {
          "label": {
            "$ref": "#/components/schemas/Label"
          },
          "probabilities": {
            "$ref": "#/components/schemas/Probabilities"
          }
        }
      },
      "ModelIdentity": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "version"
        ],
        "properties": {
          "name": {
            "type": "string",
            "description": "The model's name, from `model.config.json`."
          },
          "version": {
            "type": "string",
            "description": "Content hash of the model artifact. Same data and config give the same version.",
            "pattern": "^[0-9a-f]{16}$"
          }
        }
      },
      "PredictResponse": {
        "description": "The answer to the typed form.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "model",
          "predictions"
        ],
        "properties": {
          "model": {
            "$ref": "#/components/schemas/ModelIdentity"
          },
          "predictions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Prediction"
            }
          }
        }
      },
      "PredictRowsResponse": {
        "description": "The answer to the seed-compatible form, one label per row.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Label"
        }
      },
      "ClassMetrics": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "precision",
          "recall",
          "f1",
          "support"
        ],
        "properties": {
          "precision": {
            "type": "number"
          },
          "recall": {
            "type": "number"
          },
          "f1": {
            "type": "number"
          },
          "support": {
            "type": "integer",
            "description": "Holdout rows of this class."
          }
        }
      },
      "ModelCard": {
        "description": "What the model is, what it was trained on, and how well it did on the holdout.",
        "type": "object",
        "required": [
          "name",
          "version",
          "target",
          "features",
          "labels",
          "metrics",
          "featureImportance",
          "hyperparameters",
          "dataset",
          "trainer"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "version": {
            "type": "string",
            "pattern": "^[0-9a-f]{16}$"
          },
          "target": {
            "type": "string",
            "description": "The dataset column the model predicts."
          },
          "features": {
            "type": "array",
            "description": "The features in model order, with the range the model saw in training. A categorical\nfeature also lists its categories; the model sees category i as the number i, so its `min`\nand `max` are category indexes.\n",
            "items": {
              "type": "object",
              "required": [
                "name",
                "min",
                "max"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "min": {
                  "type": "number"
                },
                "max": {
                  "type": "number"
                },
                "categories": {
                  "description": "A categorical feature's categories, in the order of its `enum` in `Instance`.",
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "labels": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Label"
            }
          },
          "metrics": {
            "type": "object",
            "required": [
              "accuracy",
              "macroF1",
              "holdoutRows",
              "perClass",
              "confusionMatrix"
            ],
            "properties": {
              "accuracy": {
                "type": "number"
              },
              "macroF1": {
                "type": "number"
              },
              "holdoutRows": {
                "type": "integer"
              },
              "perClass": {
                "type": "object",
                "additionalProperties": {
                  "$ref": "#/components/schemas/ClassMetrics"
                }
              },
              "confusionMatrix": {
                "description": "Rows are the true labels, columns the predicted ones, both in `labels` order.",
                "type": "array",
                "items": {
                  "type": "array",
                  "items": {
                    "type": "integer"
                  }
                }
              }
            }
          },
          "featureImportance": {
            "type": "object",
            "additionalProperties": {
              "type": "number"
            }
          },
          "hyperparameters": {
            "type": "object",
            "additionalProperties": true
          },
          "dataset": {
            "type": "object",
            "required": [
              "path",
              "sha256",
              "rows",
              "trainRows"
            ],
            "properties": {
              "path": {
                "type": "string"
              },
              "sha256": {
                "type": "string"
              },
              "rows": {
                "type": "integer"
              },
              "trainRows": {
                "type": "integer"
              }
            }
          },
          "trainer": {
            "type": "object",
            "description": "What grew the forest: forestfn's own trainer, which writes the forest the named\nml-random-forest release would (`pnpm export` writes that library's JSON of the model);\nor, for an imported model, the library that fitted it (`importedFrom` says more).\n",
            "required": [
              "library",
              "version",
              "compatibleWith"
            ],
            "properties": {
              "library": {
                "type": "string",
                "description": "The package that trained the forest."
              },
              "version": {
                "type": "string"
              },
              "compatibleWith": {
                "type": "string",
                "description": "The library and version whose forests it reproduces, as `name@version`."
              }
            }
          },
          "importedFrom": {
            "type": "object",
            "description": "Present when the forest was fitted elsewhere and imported as it is (`pnpm adopt --sklearn`):\nwhere it came from. Its predictions are that library's (`voting: soft`: the mean of the\ntrees' leaf class distributions). `hyperparameters` are then the library's own parameters,\nand `metrics` come from the labelled table in `dataset` (`trainRows` is 0; `holdoutRows` 0\nwhen it was adopted without one).\n",
            "required": [
              "library",
              "estimator",
              "model",
              "dump",
              "featureNames",
              "voting"
            ],
            "properties": {
              "library": {
                "type": "string",
                "description": "The library that fitted it, as `name@version`.",
                "examples": [
                  "scikit-learn@1.2.1"
                ]
              },
              "estimator": {
                "type": "string",
                "description": "Its class, as Python names it.",
                "examples": [
                  "sklearn.ensemble._forest.RandomForestClassifier"
                ]
              },
              "model": {
                "type": "object",
                "description": "The pickled model the dump was exported from.",
                "required": [
                  "file",
                  "sha256"
                ],
                "properties": {
                  "file": {
                    "type": "string"
                  },
                  "sha256": {
                    "type": "string"
                  }
                }
              },
              "dump": {
                "type": "object",
                "description": "The dump (scripts/export_sklearn.py) the artifact was built from.",
                "required": [
                  "path",
                  "sha256"
                ],
                "properties": {
                  "path": {
                    "type": "string"
                  },
                  "sha256": {
                    "type": "string"
                  }
                }
              },
              "featureNames": {
                "type": "string",
                "enum": [
                  "feature_names_in_",
                  "csv"
                ],
                "description": "Where the feature names came from, the model's `feature_names_in_` or a CSV's header."
              },
              "voting": {
                "type": "string",
                "enum": [
                  "soft"
                ]
              }
            }
          }
        }
      },
      "Health": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "status",
          "ready",
          "model",
          "uptimeSeconds"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok"
            ]
          },
          "ready": {
            "type": "boolean"
          },
          "model": {
            "$ref": "#/components/schemas/ModelIdentity"
          },
          "commit": {
            "type": "string",
            "description": "The git commit the deployed build was packaged from, as in `x-build-commit`; absent when\nthe host does not know it (the local host, the mocks).\n"
          },
          "uptimeSeconds": {
            "type": "number"
          }
        }
      },
      "ErrorCode": {
        "description": "Machine-readable reason, one per offending field. `not_finite` is a number literal that\noverflows a double (`1e999`); `duplicate_field` is a name given twice in one object, refused\nbecause JSON parsers disagree on which of the two wins.\n",
        "type": "string",
        "enum": [
          "invalid_json",
          "empty_body",
          "unsupported_media_type",
          "payload_too_large",
          "required",
          "unknown_field",
          "invalid_type",
          "too_few_items",
          "too_many_items",
          "invalid_value",
          "not_finite",
          "duplicate_field",
          "unauthorized",
          "not_found",
          "method_not_allowed",
          "internal"
        ]
      },
      "FieldError": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "pointer",
          "code",
          "detail"
        ],
        "properties": {
          "pointer": {
            "description": "JSON Pointer (RFC 6901) into the request body; `\"\"` is the whole body. A name from the body\nlonger than 64 characters is cut to its first 64 followed by `…`, so a pointer is never\nlonger than 160 characters.\n",
            "type": "string",
            "maxLength": 160
          },
          "code": {
            "$ref": "#/components/schemas/ErrorCode"
          },
          "detail": {
            "description": "What is wrong, for a person. Never repeats the value sent.",
            "type": "string",
            "maxLength": 300
          }
        }
      },
      "Problem": {
        "description": "RFC 9457 problem details.",
        "type": "object",
        "required": [
          "type",
          "title",
          "status",
          "detail",
          "requestId",
          "errors"
        ],
        "properties": {
          "type": {
            "type": "string",
            "description": "A URI reference naming the kind of problem."
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "requestId": {
            "type": "string"
          },
          "errors": {
            "description": "The offending fields, in body order. At most 20: past that the request is not read\nfurther, and `detail` says the list is cut. A whole problem body is at most 16 KiB.\n",
            "type": "array",
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/FieldError"
            }
          }
        }
      },
      "V2ServerMetadata": {
        "description": "Open Inference Protocol: the server metadata.",
        "type": "object",
        "required": [
          "name",
          "version",
          "extensions"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "extensions": {
            "description": "The protocol extensions supported; none.",
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "V2ServerLive": {
        "type": "object",
        "required": [
          "live"
        ],
        "properties": {
          "live": {
            "type": "boolean"
          }
        }
      },
      "V2ServerReady": {
        "description": "The protocol's text names the field `live` and its implementations `ready`; both are sent.",
        "type": "object",
        "required": [
          "ready",
          "live"
        ],
        "properties": {
          "ready": {
            "type": "boolean"
          },
          "live": {
            "type": "boolean"
          }
        }
      },
      "V2ModelReady": {
        "type": "object",
        "required": [
          "name",
          "ready"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "ready": {
            "type": "boolean"
          }
        }
      },
      "V2TensorMetadata": {
        "type": "object",
        "required": [
          "name",
          "datatype",
          "shape"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "datatype": {
            "type": "string"
          },
          "shape": {
            "description": "The tensor's dimensions; -1 is the batch's, which varies.",
            "type": "array",
            "items": {
              "type": "integer"
            }
          }
        }
      },
      "V2ModelMetadata": {
        "description": "Open Inference Protocol: the model metadata.",
        "type": "object",
        "required": [
          "name",
          "versions",
          "platform",
          "inputs",
          "outputs",
          "properties"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "versions": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "platform": {
            "type": "string"
          },
          "inputs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/V2TensorMetadata"
            }
          },
          "outputs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/V2TensorMetadata"
            }
          },
          "properties": {
            "description": "JSON text (the protocol's property values are strings, and a name may hold a comma):\n`features`, the input's columns in order, and `labels`, the probabilities' columns in\norder, as arrays; `categories`, an object from each categorical feature to its categories\nin index order.\n",
            "type": "object",
            "required": [
              "features",
              "labels",
              "categories"
            ],
            "properties": {
              "features": {
                "type": "string"
              },
              "labels": {
                "type": "string"
              },
              "categories": {
                "type": "string"
              }
            },
            "additionalProperties": {
              "type": "string"
            }
          }
        }
      },
      "V2InferenceRequest": {
        "description": "Open Inference Protocol: an inference request.",
        "type": "object",
        "required": [
          "inputs"
        ],
        "properties": {
          "id": {
            "description": "Echoed in the answer.",
            "type": "string",
            "maxLength": 128
          },
          "parameters": {
            "type": "object"
          },
          "inputs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
              "$ref": "#/components/schemas/V2InferenceInput"
            }
          },
          "outputs": {
            "type": "array",
            "maxItems": 2,
            "items": {
              "type": "object",
              "required": [
                "name"
              ],
              "properties": {
                "name": {
                  "type": "string",
                  "enum": [
                    "label",
                    "probabilities"
                  ]
                },
                "parameters": {
                  "type": "object"
                }
              }
            }
          }
        }
      },
      "V2InferenceInput": {
        "description": "The features of N rows, as one FP64 tensor `[N, F]`, row-major (flat, or one array per row).",
        "type": "object",
        "required": [
          "name",
          "shape",
          "datatype",
          "data"
        ],
        "properties": {
          "name": {
            "description": "Any name; the model has one input (`features` in its metadata).",
            "type": "string"
          },
          "shape": {
            "type": "array",
            "prefixItems": [
              {
                "type": "integer",
                "minimum": 1
              },
              {
                "type": "integer"
              }
            ],
            "minItems": 2,
            "maxItems": 2
          },
          "datatype": {
            "type": "string",
            "const": "FP64"
          },
          "parameters": {
            "type": "object"
          },
          "data": {
            "type": "array",
            "items": {
              "oneOf": [
                {
                  "type": "number"
                },
                {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                }
              ]
            }
          }
        }
      },
      "V2InferenceResponse": {
        "description": "Open Inference Protocol: an inference answer.",
        "type": "object",
        "required": [
          "model_name",
          "model_version",
          "outputs"
        ],
        "properties": {
          "model_name": {
            "type": "string"
          },
          "model_version": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "outputs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/V2InferenceOutput"
            }
          }
        }
      },
      "V2InferenceOutput": {
        "description": "`label`: BYTES `[N]`, one label per row. `probabilities`: FP64 `[N, C]`, row-major.",
        "type": "object",
        "required": [
          "name",
          "datatype",
          "shape",
          "data"
        ],
        "properties": {
          "name": {
            "type": "string",
            "enum": [
              "label",
              "probabilities"
            ]
          },
          "datatype": {
            "type": "string",
            "enum": [
              "BYTES",
              "FP64"
            ]
          },
          "shape": {
            "type": "array",
            "items": {
              "type": "integer"
            }
          },
          "data": {
            "type": "array",
            "items": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/Label"
                },
                {
                  "type": "number"
                }
              ]
            }
          }
        }
      },
      "V2Error": {
        "description": "Open Inference Protocol: an error. The message never quotes the request.",
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "string"
          }
        }
      }
    },
    "requestBodies": {
      "V2InferenceRequest": {
        "required": true,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V2InferenceRequest"
            },
            "examples": {
              "tensor": {
                "summary": "One row",
                "value": {
                  "id": "42",
                  "inputs": [
                    {
                      "name": "features",
                      "shape": [
                        1,
                        4
                      ],
                      "datatype": "FP64",
                      "data": [
                        5.1,
                        3.5,
                        1.4,
                        0.2
                      ]
                    }
                  ]
                }
              }
            }
          }
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request body is not valid; `errors` names each offending field.",
        "headers": {
          "x-request-id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "missingFeature": {
                "summary": "A missing feature",
                "value": {
                  "type": "https://forestfn.dev/problems/validation",
                  "title": "Invalid request",
                  "status": 400,
                  "detail": "The request body does not match the schema.",
                  "requestId": "0b6f6c3e-7a0e-4c5e-9d1a-2f1f6b1d9e11",
                  "errors": [
                    {
                      "pointer": "/instances/0/petal_width",
                      "code": "required",
                      "detail": "petal_width is required."
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "Unauthorized": {
        "description": "A key is configured and the request did not carry it. On Azure Functions the host checks the\nfunction key before the service runs, and its 401 has no body.\n",
        "headers": {
          "www-authenticate": {
            "description": "The challenge: `ApiKey realm=\"forestfn\", header=\"x-functions-key\", query=\"code\"`, naming\nwhere the key goes.\n",
            "schema": {
              "type": "string"
            }
          },
          "x-request-id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "missingKey": {
                "summary": "No key",
                "value": {
                  "type": "https://forestfn.dev/problems/unauthorized",
                  "title": "Unauthorized",
                  "status": 401,
                  "detail": "Send the function key as the x-functions-key header or the code query parameter.",
                  "requestId": "0b6f6c3e-7a0e-4c5e-9d1a-2f1f6b1d9e11",
                  "errors": [
                    {
                      "pointer": "",
                      "code": "unauthorized",
                      "detail": "Missing or wrong function key."
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "NotFound": {
        "description": "There is no such route or file, or this host does not serve it.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "notFound": {
                "summary": "Not served here",
                "value": {
                  "type": "https://forestfn.dev/problems/not-found",
                  "title": "Not found",
                  "status": 404,
                  "detail": "This host does not serve the API reference page; its document is at /api/openapi.json.",
                  "requestId": "0b6f6c3e-7a0e-4c5e-9d1a-2f1f6b1d9e11",
                  "errors": [
                    {
                      "pointer": "",
                      "code": "not_found",
                      "detail": "Not served by this host."
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "MethodNotAllowed": {
        "description": "The route exists but not with this method; `allow` lists the ones it has.",
        "headers": {
          "allow": {
            "description": "The methods this route accepts.",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "wrongMethod": {
                "summary": "GET on predict",
                "value": {
                  "type": "https://forestfn.dev/problems/method-not-allowed",
                  "title": "Method not allowed",
                  "status": 405,
                  "detail": "This route accepts POST.",
                  "requestId": "0b6f6c3e-7a0e-4c5e-9d1a-2f1f6b1d9e11",
                  "errors": [
                    {
                      "pointer": "",
                      "code": "method_not_allowed",
                      "detail": "Use POST."
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body is larger than `x-forestfn.maxBodyBytes`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "tooLarge": {
                "summary": "Too large",
                "value": {
                  "type": "https://forestfn.dev/problems/payload-too-large",
                  "title": "Payload too large",
                  "status": 413,
                  "detail": "The body is larger than 1048576 bytes.",
                  "requestId": "0b6f6c3e-7a0e-4c5e-9d1a-2f1f6b1d9e11",
                  "errors": [
                    {
                      "pointer": "",
                      "code": "payload_too_large",
                      "detail": "Send at most 1048576 bytes."
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not `application/json`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "wrongType": {
                "summary": "Form data sent",
                "value": {
                  "type": "https://forestfn.dev/problems/unsupported-media-type",
                  "title": "Unsupported media type",
                  "status": 415,
                  "detail": "Send the body as application/json.",
                  "requestId": "0b6f6c3e-7a0e-4c5e-9d1a-2f1f6b1d9e11",
                  "errors": [
                    {
                      "pointer": "",
                      "code": "unsupported_media_type",
                      "detail": "Content-Type must be application/json."
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "InternalError": {
        "description": "A fault of the service, never of the request. No details are given.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "V2ModelMetadata": {
        "description": "The model metadata.",
        "headers": {
          "x-request-id": {
            "$ref": "#/components/headers/RequestId"
          },
          "x-model-version": {
            "$ref": "#/components/headers/ModelVersion"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V2ModelMetadata"
            },
            "examples": {
              "metadata": {
                "summary": "The model metadata",
                "value": {
                  "name": "iris-species",
                  "versions": [
                    "3f2a9c81d04b6e57"
                  ],
                  "platform": "forestfn_randomforest",
                  "inputs": [
                    {
                      "name": "features",
                      "datatype": "FP64",
                      "shape": [
                        -1,
                        4
                      ]
                    }
                  ],
                  "outputs": [
                    {
                      "name": "label",
                      "datatype": "BYTES",
                      "shape": [
                        -1
                      ]
                    },
                    {
                      "name": "probabilities",
                      "datatype": "FP64",
                      "shape": [
                        -1,
                        3
                      ]
                    }
                  ],
                  "properties": {
                    "features": "[\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"]",
                    "labels": "[\"setosa\",\"versicolor\",\"virginica\"]",
                    "categories": "{}"
                  }
                }
              }
            }
          }
        }
      },
      "V2ModelReady": {
        "description": "The model is loaded.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V2ModelReady"
            }
          }
        }
      },
      "V2InferenceResponse": {
        "description": "The labels and class probabilities, one row each.",
        "headers": {
          "x-request-id": {
            "$ref": "#/components/headers/RequestId"
          },
          "x-model-version": {
            "$ref": "#/components/headers/ModelVersion"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V2InferenceResponse"
            },
            "examples": {
              "tensor": {
                "summary": "One row",
                "value": {
                  "model_name": "iris-species",
                  "model_version": "3f2a9c81d04b6e57",
                  "id": "42",
                  "outputs": [
                    {
                      "name": "label",
                      "datatype": "BYTES",
                      "shape": [
                        1
                      ],
                      "data": [
                        "setosa"
                      ]
                    },
                    {
                      "name": "probabilities",
                      "datatype": "FP64",
                      "shape": [
                        1,
                        3
                      ],
                      "data": [
                        1,
                        0,
                        0
                      ]
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "V2Error": {
        "description": "The protocol's error object: 404 for another model or an unknown route, 401 for a missing or\nwrong key, 405 for a method a route does not have, 413 for a body over\n`x-forestfn.maxBodyBytes`, 500 for a fault of the service, else 400.\n",
        "headers": {
          "x-request-id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V2Error"
            },
            "examples": {
              "unknownModel": {
                "summary": "Another model's name",
                "value": {
                  "error": "Unknown model; this server has iris-species, version 3f2a9c81d04b6e57 (GET /v2/models/iris-species)."
                }
              }
            }
          }
        }
      }
    }
  }
} as const;
