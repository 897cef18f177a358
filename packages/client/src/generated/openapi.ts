// Generated from spec/openapi.yaml by scripts/generate.ts (openapi-typescript). Do not edit: run `pnpm generate`.

export interface paths {
    "/api/predict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Predict the class of one or more rows.
         * @description Two request forms share this route.
         *
         *     - **Typed** (`application/json` object): `{"instances": [{...named features...}]}`, answered
         *       with one prediction per instance (label and the share of trees voting for each class) and
         *       the model's identity.
         *     - **Seed-compatible** (`application/json` array): a bare array of feature rows, each row the
         *       feature values in the order of `Instance`'s properties, answered with a bare array of
         *       labels, one per row. This is what the service forestfn replaces accepted, unchanged.
         *
         *     At most 1000 rows or instances per request.
         */
        post: operations["predict"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The model card of the model being served. */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and readiness.
         * @description Answers 200 once the process is up with its model loaded (a process whose model failed to
         *     load never starts serving). Never needs a key.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document, as JSON. */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description A class the model predicts. The order of `enum` is the model's order of classes.
         * @enum {string}
         */
        Label: "setosa" | "versicolor" | "virginica";
        /**
         * @description One row of the model's features. The order of these properties is the order of the values in a
         *     seed-compatible row, and of the columns the model is trained on.
         *
         *     `pnpm adopt` writes the features from the dataset: each one's `type` (a number, or a string
         *     with its categories as `enum`), `examples` from the data and, for a number, the range seen in
         *     the data as `x-observed-min`/`x-observed-max` (information, not a limit: other values are
         *     valid). Descriptions are yours; adopt keeps them.
         */
        Instance: {
            /**
             * @description Sepal length in centimetres.
             * @example 5.1
             * @example 7
             */
            sepal_length: number;
            /**
             * @description Sepal width in centimetres.
             * @example 3.5
             * @example 3.2
             */
            sepal_width: number;
            /**
             * @description Petal length in centimetres.
             * @example 1.4
             * @example 4.7
             */
            petal_length: number;
            /**
             * @description Petal width in centimetres.
             * @example 0.2
             * @example 1.4
             */
            petal_width: number;
        };
        /** @description One row of feature values, in the order of `Instance`'s properties. */
        FeatureRow: [
            components["schemas"]["Instance"]["sepal_length"],
            components["schemas"]["Instance"]["sepal_width"],
            components["schemas"]["Instance"]["petal_length"],
            components["schemas"]["Instance"]["petal_width"]
        ];
        /** @description The typed request form. */
        PredictRequest: {
            instances: components["schemas"]["Instance"][];
        };
        /** @description The seed-compatible request form, a bare array of rows. */
        PredictRowsRequest: components["schemas"]["FeatureRow"][];
        /** @description The share of trees voting for each class; the shares sum to 1. */
        Probabilities: {
            setosa: number;
            versicolor: number;
            virginica: number;
        };
        Prediction: {
            label: components["schemas"]["Label"];
            probabilities: components["schemas"]["Probabilities"];
        };
        ModelIdentity: {
            /** @description The model's name, from `model.config.json`. */
            name: string;
            /** @description Content hash of the model artifact. Same data and config give the same version. */
            version: string;
        };
        /** @description The answer to the typed form. */
        PredictResponse: {
            model: components["schemas"]["ModelIdentity"];
            predictions: components["schemas"]["Prediction"][];
        };
        /** @description The answer to the seed-compatible form, one label per row. */
        PredictRowsResponse: components["schemas"]["Label"][];
        ClassMetrics: {
            precision: number;
            recall: number;
            f1: number;
            /** @description Holdout rows of this class. */
            support: number;
        };
        /** @description What the model is, what it was trained on, and how well it did on the holdout. */
        ModelCard: {
            name: string;
            version: string;
            /** @description The dataset column the model predicts. */
            target: string;
            /**
             * @description The features in model order, with the range the model saw in training. A categorical
             *     feature also lists its categories; the model sees category i as the number i, so its `min`
             *     and `max` are category indexes.
             */
            features: {
                name: string;
                min: number;
                max: number;
                /** @description A categorical feature's categories, in the order of its `enum` in `Instance`. */
                categories?: string[];
            }[];
            labels: components["schemas"]["Label"][];
            metrics: {
                accuracy: number;
                macroF1: number;
                holdoutRows: number;
                perClass: {
                    [key: string]: components["schemas"]["ClassMetrics"];
                };
                /** @description Rows are the true labels, columns the predicted ones, both in `labels` order. */
                confusionMatrix: number[][];
            };
            featureImportance: {
                [key: string]: number;
            };
            hyperparameters: {
                [key: string]: unknown;
            };
            dataset: {
                path: string;
                sha256: string;
                rows: number;
                trainRows: number;
            };
            /**
             * @description What grew the forest: forestfn's own trainer, which writes the forest the named
             *     ml-random-forest release would (`pnpm export` writes that library's JSON of the model).
             */
            trainer: {
                /** @description The package that trained the forest. */
                library: string;
                version: string;
                /** @description The library and version whose forests it reproduces, as `name@version`. */
                compatibleWith: string;
            };
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            ready: boolean;
            model: components["schemas"]["ModelIdentity"];
            uptimeSeconds: number;
        };
        /**
         * @description Machine-readable reason, one per offending field. `not_finite` is a number literal that
         *     overflows a double (`1e999`); `duplicate_field` is a name given twice in one object, refused
         *     because JSON parsers disagree on which of the two wins.
         * @enum {string}
         */
        ErrorCode: "invalid_json" | "empty_body" | "unsupported_media_type" | "payload_too_large" | "required" | "unknown_field" | "invalid_type" | "too_few_items" | "too_many_items" | "invalid_value" | "not_finite" | "duplicate_field" | "unauthorized" | "not_found" | "method_not_allowed" | "internal";
        FieldError: {
            /**
             * @description JSON Pointer (RFC 6901) into the request body; `""` is the whole body. A name from the body
             *     longer than 64 characters is cut to its first 64 followed by `…`, so a pointer is never
             *     longer than 160 characters.
             */
            pointer: string;
            code: components["schemas"]["ErrorCode"];
            /** @description What is wrong, for a person. Never repeats the value sent. */
            detail: string;
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** @description A URI reference naming the kind of problem. */
            type: string;
            title: string;
            status: number;
            detail: string;
            instance?: string;
            requestId: string;
            /**
             * @description The offending fields, in body order. At most 20: past that the request is not read
             *     further, and `detail` says the list is cut. A whole problem body is at most 16 KiB.
             */
            errors: components["schemas"]["FieldError"][];
        };
    };
    responses: {
        /** @description The request body is not valid; `errors` names each offending field. */
        BadRequest: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description A key is configured and the request did not carry it. On Azure Functions the host checks the
         *     function key before the service runs, and its 401 has no body.
         */
        Unauthorized: {
            headers: {
                /**
                 * @description The challenge: `ApiKey realm="forestfn", header="x-functions-key", query="code"`, naming
                 *     where the key goes.
                 */
                "www-authenticate"?: string;
                "x-request-id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The route exists but not with this method; `allow` lists the ones it has. */
        MethodNotAllowed: {
            headers: {
                /** @description The methods this route accepts. */
                allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than `x-forestfn.maxBodyBytes`. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A fault of the service, never of the request. No details are given. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
         *     otherwise the service generates one.
         */
        RequestId: string;
    };
    requestBodies: never;
    headers: {
        /** @description The request's correlation id (echoed or generated). */
        RequestId: string;
        /** @description The content hash of the model being served. */
        ModelVersion: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    predict: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
                 *     otherwise the service generates one.
                 */
                "x-request-id"?: components["parameters"]["RequestId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PredictRequest"] | components["schemas"]["PredictRowsRequest"];
            };
        };
        responses: {
            /** @description One prediction per row, in request order. */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    "x-model-version": components["headers"]["ModelVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictResponse"] | components["schemas"]["PredictRowsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
                 *     otherwise the service generates one.
                 */
                "x-request-id"?: components["parameters"]["RequestId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model card. */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    "x-model-version": components["headers"]["ModelVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelCard"];
                };
            };
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
                 *     otherwise the service generates one.
                 */
                "x-request-id"?: components["parameters"]["RequestId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive and ready. */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    "x-model-version": components["headers"]["ModelVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
                 *     otherwise the service generates one.
                 */
                "x-request-id"?: components["parameters"]["RequestId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    "x-model-version": components["headers"]["ModelVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                        info: Record<string, never>;
                        paths: Record<string, never>;
                    };
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
}
