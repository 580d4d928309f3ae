import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { interpolateList } from './templating';
import { fakeTemplateSrv } from './test/helpers';

describe('interpolateList', () => {
  it('reads the values through an explicit format, which a filter list cannot use', () => {
    const templateSrv = fakeTemplateSrv({ stream: ['nS4kq-a', 'nS4kq-b'] });
    expect(interpolateList(['${stream:json}'], templateSrv)).toEqual(['nS4kq-a', 'nS4kq-b']);
    expect(interpolateList(['${stream:text}'], templateSrv)).toEqual(['nS4kq-a', 'nS4kq-b']);
  });

  it('asks interpolation, not the dashboard variable, whether a repeated clone is at All', () => {
    // Scenes dashboards resolve a repeated panel's value through the scene graph, not scopedVars:
    // the dashboard-level variable still says All while the clone has its own stream.
    const scene: TemplateSrv = {
      ...fakeTemplateSrv({ stream: '$__all' }),
      replace: (target?: string, _scoped?: ScopedVars, format?: string | Function) =>
        (target ?? '').replace(/\$\{stream(?::(\w+))?\}|\$stream/g, () =>
          typeof format === 'function' ? format('nS4kq-clone') : 'nS4kq-clone'
        ),
    };
    expect(interpolateList(['$stream'], scene, { __sceneObject: { text: '', value: {} } })).toEqual(['nS4kq-clone']);
  });

  it('drops the filter when the variable reads All, whatever its all-value', () => {
    const templateSrv = fakeTemplateSrv({ stream: '$__all', other: 'x' });
    expect(interpolateList(['$stream'], templateSrv)).toEqual([]);
  });
});
