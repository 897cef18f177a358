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
         *       with one prediction per instance (label and class probabilities: the share of trees voting
         *       for each class, or for a forest imported from scikit-learn its `predict_proba`) and the
         *       model's identity.
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
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API's reference, as an HTML page.
         * @description Renders this document (`/api/openapi.json`) with Swagger UI, with "Try it out" against the
         *     host that serves the page. The page loads its script and style sheet from `/api/docs/{asset}`
         *     and nothing from any other host; its Content-Security-Policy allows this origin only. Served by
         *     the local host and the Azure Functions app; `@forestfn/mock` answers 404 (`not_found`) here, as
         *     a host without the renderer's files does.
         */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A file the reference page loads.
         * @description Swagger UI's script and style sheet (from the `swagger-ui-dist` package, Apache-2.0) and the
         *     page's own script. The page asks for them with `?v=` and their content hash: such an answer is
         *     cached for a year (`immutable`), any other revalidates. Sent gzip-compressed when the request
         *     accepts it.
         */
        get: operations["getDocsAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: server metadata.
         * @description The server's name and version. Never needs a key.
         */
        get: operations["v2ServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: liveness.
         * @description Answers 200 while the process serves requests (a Kubernetes livenessProbe). Never needs a key.
         */
        get: operations["v2ServerLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: readiness.
         * @description Answers 200 once the model is loaded (a Kubernetes readinessProbe); a process whose model failed
         *     to load never starts serving. Never needs a key.
         */
        get: operations["v2ServerReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: model metadata.
         * @description The model's input and output tensors, and in `properties` the orders a client needs: the
         *     features (the input's columns), the labels (the probabilities' columns) and each categorical
         *     feature's categories (its value is the category's index).
         */
        get: operations["v2ModelMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: model metadata, of one version.
         * @description As `GET /v2/models/{name}`, when `version` is the served model's version; else 404.
         */
        get: operations["v2ModelVersionMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{name}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: model readiness.
         * @description Answers 200 with `ready` when the model is loaded, 404 for another name. Never needs a key.
         */
        get: operations["v2ModelReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{name}/versions/{version}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol: model readiness, of one version.
         * @description As `GET /v2/models/{name}/ready`, when `version` is the served model's version; else 404.
         */
        get: operations["v2ModelVersionReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{name}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open Inference Protocol: inference.
         * @description The same model, limits and key as `POST /api/predict`, in the protocol's tensors: one FP64
         *     input `[N, F]` in the order of `properties.features` of the model metadata (a categorical
         *     feature as its category's index), answered with `label` (BYTES `[N]`) and `probabilities`
         *     (FP64 `[N, C]`, columns in the order of `properties.labels`). N is at most `/api/predict`'s row
         *     limit. The request `id` is echoed. `outputs` may pick and order the outputs. The binary tensor
         *     data extension is not supported. The body is read as JSON whatever its Content-Type, as the
         *     protocol's servers do. Errors are the protocol's `{"error": "..."}`: 404 for another model, 401
         *     for a missing key, 413 for a body over `x-forestfn.maxBodyBytes`, else 400.
         */
        post: operations["v2ModelInfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{name}/versions/{version}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open Inference Protocol: inference, on one version.
         * @description As `POST /v2/models/{name}/infer`, when `version` is the served model's version; else 404.
         */
        post: operations["v2ModelVersionInfer"];
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
        /**
         * @description The probability of each class; they sum to 1. For a forest forestfn trained, the share of
         *     trees voting for the class; for a forest imported from scikit-learn (the model card's
         *     `importedFrom`), the mean of the trees' leaf class distributions, as its `predict_proba`. The
         *     label is the class voted for most (the first on a tie), or the most probable one (the first on
         *     a tie, as `predict`).
         */
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
             *     ml-random-forest release would (`pnpm export` writes that library's JSON of the model);
             *     or, for an imported model, the library that fitted it (`importedFrom` says more).
             */
            trainer: {
                /** @description The package that trained the forest. */
                library: string;
                version: string;
                /** @description The library and version whose forests it reproduces, as `name@version`. */
                compatibleWith: string;
            };
            /**
             * @description Present when the forest was fitted elsewhere and imported as it is (`pnpm adopt --sklearn`):
             *     where it came from. Its predictions are that library's (`voting: soft`: the mean of the
             *     trees' leaf class distributions). `hyperparameters` are then the library's own parameters,
             *     and `metrics` come from the labelled table in `dataset` (`trainRows` is 0; `holdoutRows` 0
             *     when it was adopted without one).
             */
            importedFrom?: {
                /**
                 * @description The library that fitted it, as `name@version`.
                 * @example scikit-learn@1.2.1
                 */
                library: string;
                /**
                 * @description Its class, as Python names it.
                 * @example sklearn.ensemble._forest.RandomForestClassifier
                 */
                estimator: string;
                /** @description The pickled model the dump was exported from. */
                model: {
                    file: string;
                    sha256: string;
                };
                /** @description The dump (scripts/export_sklearn.py) the artifact was built from. */
                dump: {
                    path: string;
                    sha256: string;
                };
                /**
                 * @description Where the feature names came from, the model's `feature_names_in_` or a CSV's header.
                 * @enum {string}
                 */
                featureNames: "feature_names_in_" | "csv";
                /** @enum {string} */
                voting: "soft";
            };
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            ready: boolean;
            model: components["schemas"]["ModelIdentity"];
            /**
             * @description The git commit the deployed build was packaged from, as in `x-build-commit`; absent when
             *     the host does not know it (the local host, the mocks).
             */
            commit?: string;
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
        /** @description Open Inference Protocol: the server metadata. */
        V2ServerMetadata: {
            name: string;
            version: string;
            /** @description The protocol extensions supported; none. */
            extensions: string[];
        };
        V2ServerLive: {
            live: boolean;
        };
        /** @description The protocol's text names the field `live` and its implementations `ready`; both are sent. */
        V2ServerReady: {
            ready: boolean;
            live: boolean;
        };
        V2ModelReady: {
            name: string;
            ready: boolean;
        };
        V2TensorMetadata: {
            name: string;
            datatype: string;
            /** @description The tensor's dimensions; -1 is the batch's, which varies. */
            shape: number[];
        };
        /** @description Open Inference Protocol: the model metadata. */
        V2ModelMetadata: {
            name: string;
            versions: string[];
            platform: string;
            inputs: components["schemas"]["V2TensorMetadata"][];
            outputs: components["schemas"]["V2TensorMetadata"][];
            /**
             * @description JSON text (the protocol's property values are strings, and a name may hold a comma):
             *     `features`, the input's columns in order, and `labels`, the probabilities' columns in
             *     order, as arrays; `categories`, an object from each categorical feature to its categories
             *     in index order.
             */
            properties: {
                features: string;
                labels: string;
                categories: string;
            } & {
                [key: string]: string;
            };
        };
        /** @description Open Inference Protocol: an inference request. */
        V2InferenceRequest: {
            /** @description Echoed in the answer. */
            id?: string;
            parameters?: Record<string, never>;
            inputs: components["schemas"]["V2InferenceInput"][];
            outputs?: {
                /** @enum {string} */
                name: "label" | "probabilities";
                parameters?: Record<string, never>;
            }[];
        };
        /** @description The features of N rows, as one FP64 tensor `[N, F]`, row-major (flat, or one array per row). */
        V2InferenceInput: {
            /** @description Any name; the model has one input (`features` in its metadata). */
            name: string;
            shape: [
                number,
                number
            ];
            /** @constant */
            datatype: "FP64";
            parameters?: Record<string, never>;
            data: (number | number[])[];
        };
        /** @description Open Inference Protocol: an inference answer. */
        V2InferenceResponse: {
            model_name: string;
            model_version: string;
            id?: string;
            outputs: components["schemas"]["V2InferenceOutput"][];
        };
        /** @description `label`: BYTES `[N]`, one label per row. `probabilities`: FP64 `[N, C]`, row-major. */
        V2InferenceOutput: {
            /** @enum {string} */
            name: "label" | "probabilities";
            /** @enum {string} */
            datatype: "BYTES" | "FP64";
            shape: number[];
            data: (components["schemas"]["Label"] | number)[];
        };
        /** @description Open Inference Protocol: an error. The message never quotes the request. */
        V2Error: {
            error: string;
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
        /** @description There is no such route or file, or this host does not serve it. */
        NotFound: {
            headers: {
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
        /** @description The model metadata. */
        V2ModelMetadata: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                "x-model-version": components["headers"]["ModelVersion"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V2ModelMetadata"];
            };
        };
        /** @description The model is loaded. */
        V2ModelReady: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V2ModelReady"];
            };
        };
        /** @description The labels and class probabilities, one row each. */
        V2InferenceResponse: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                "x-model-version": components["headers"]["ModelVersion"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V2InferenceResponse"];
            };
        };
        /**
         * @description The protocol's error object: 404 for another model or an unknown route, 401 for a missing or
         *     wrong key, 405 for a method a route does not have, 413 for a body over
         *     `x-forestfn.maxBodyBytes`, 500 for a fault of the service, else 400.
         */
        V2Error: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V2Error"];
            };
        };
    };
    parameters: {
        /**
         * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
         *     otherwise the service generates one.
         */
        RequestId: string;
        /** @description The served model's name (the model card's `name`); any other is 404. */
        V2ModelName: string;
        /** @description The served model's version (the content hash in `x-model-version`); any other is 404. */
        V2ModelVersion: string;
    };
    requestBodies: {
        V2InferenceRequest: {
            content: {
                "application/json": components["schemas"]["V2InferenceRequest"];
            };
        };
    };
    headers: {
        /** @description The request's correlation id (echoed or generated). */
        RequestId: string;
        /** @description The content hash of the model being served. */
        ModelVersion: string;
        /**
         * @description The git commit the deployed function app was packaged from (`unknown` when packaging could not
         *     tell). Sent by deployed builds only; the local host and the mocks leave it out.
         */
        BuildCommit: string;
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
                    "x-build-commit": components["headers"]["BuildCommit"];
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
                    "x-build-commit": components["headers"]["BuildCommit"];
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
                    "x-build-commit": components["headers"]["BuildCommit"];
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
                    "x-build-commit": components["headers"]["BuildCommit"];
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
    getDocs: {
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
            /** @description The page. */
            200: {
                headers: {
                    /**
                     * @description `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;
                     *     connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none';
                     *     frame-ancestors 'none'`
                     */
                    "content-security-policy"?: string;
                    "x-request-id": components["headers"]["RequestId"];
                    "x-model-version": components["headers"]["ModelVersion"];
                    "x-build-commit": components["headers"]["BuildCommit"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    getDocsAsset: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Your correlation id, echoed back when it is 1 to 128 characters of `A-Za-z0-9._:-`;
                 *     otherwise the service generates one.
                 */
                "x-request-id"?: components["parameters"]["RequestId"];
            };
            path: {
                /** @description The file's name. */
                asset: "swagger-ui-bundle.js" | "swagger-ui.css" | "docs.js";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    /** @description The content hash of the file. */
                    etag?: string;
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                    "text/css": string;
                };
            };
            /** @description The copy named by `If-None-Match` is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    v2ServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server metadata. */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ServerMetadata"];
                };
            };
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ServerLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ServerLive"];
                };
            };
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ServerReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ServerReady"];
                };
            };
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ModelMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The served model's name (the model card's `name`); any other is 404. */
                name: components["parameters"]["V2ModelName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["V2ModelMetadata"];
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ModelVersionMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The served model's name (the model card's `name`); any other is 404. */
                name: components["parameters"]["V2ModelName"];
                /** @description The served model's version (the content hash in `x-model-version`); any other is 404. */
                version: components["parameters"]["V2ModelVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["V2ModelMetadata"];
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ModelReady: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The served model's name (the model card's `name`); any other is 404. */
                name: components["parameters"]["V2ModelName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["V2ModelReady"];
            404: components["responses"]["V2Error"];
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ModelVersionReady: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The served model's name (the model card's `name`); any other is 404. */
                name: components["parameters"]["V2ModelName"];
                /** @description The served model's version (the content hash in `x-model-version`); any other is 404. */
                version: components["parameters"]["V2ModelVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["V2ModelReady"];
            404: components["responses"]["V2Error"];
            405: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ModelInfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The served model's name (the model card's `name`); any other is 404. */
                name: components["parameters"]["V2ModelName"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["V2InferenceRequest"];
        responses: {
            200: components["responses"]["V2InferenceResponse"];
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
            405: components["responses"]["V2Error"];
            413: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
    v2ModelVersionInfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The served model's name (the model card's `name`); any other is 404. */
                name: components["parameters"]["V2ModelName"];
                /** @description The served model's version (the content hash in `x-model-version`); any other is 404. */
                version: components["parameters"]["V2ModelVersion"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["V2InferenceRequest"];
        responses: {
            200: components["responses"]["V2InferenceResponse"];
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
            405: components["responses"]["V2Error"];
            413: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
        };
    };
}
